// A chat transcript shown as a conversation: one bubble per message with its sender and the platform's
// time, a search box that narrows the messages, and each attachment as a blurred tile of the case item it
// names (or a note when the case does not hold it). Message text is rendered as text by React, never as
// HTML, however it is written.
import { useId, useMemo, useState } from 'react';
import { searchMessages, type Transcript, type TranscriptParticipant } from '../../../shared/transcript';
import { mediaUrl } from '../media';

export interface ConversationProps {
  transcript: Transcript;
  /** The case item each attachment path names; a path the case does not hold is missing here. */
  attachments: Readonly<Record<string, string>>;
}

function who(participant: TranscriptParticipant | undefined, id: string): string {
  if (!participant) return id;
  return participant.screenName ?? participant.displayName ?? participant.id;
}

const time = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
});

export function Conversation({ transcript, attachments }: ConversationProps) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const people = useMemo(
    () => new Map(transcript.participants.map((p) => [p.id, p] as const)),
    [transcript.participants],
  );
  const shown = useMemo(() => searchMessages(transcript.messages, query), [transcript.messages, query]);
  return (
    <section className="conversation" aria-label={`Conversation on ${transcript.platform}`}>
      <header className="conversation-header">
        <h3>
          Conversation on {transcript.platform}
          {transcript.conversationId ? (
            <span className="conversation-id"> {transcript.conversationId}</span>
          ) : null}
        </h3>
        <ul className="conversation-people" aria-label="Participants">
          {transcript.participants.map((p) => (
            <li key={p.id}>
              <strong>{who(p, p.id)}</strong> <span className="conversation-role">{p.role}</span>{' '}
              <span className="conversation-platform-id">id {p.id}</span>
            </li>
          ))}
        </ul>
        <label htmlFor={searchId} className="conversation-search">
          Search messages
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Words in a message"
          />
        </label>
        <p className="conversation-count" role="status">
          {query.trim() === ''
            ? `${transcript.messages.length} messages`
            : `${shown.length} of ${transcript.messages.length} messages contain “${query.trim()}”`}
        </p>
      </header>
      <ol className="conversation-messages" aria-label="Messages">
        {shown.map((message, index) => {
          const sender = people.get(message.senderId);
          return (
            <li
              key={message.id ?? `${message.sentAt}-${index}`}
              className={`message message-${sender?.role ?? 'other'}`}
              aria-label={`${who(sender, message.senderId)}, ${time.format(new Date(message.sentAt))} UTC`}
            >
              <div className="message-meta">
                <strong>{who(sender, message.senderId)}</strong>{' '}
                <time dateTime={message.sentAt}>{time.format(new Date(message.sentAt))} UTC</time>
              </div>
              <p className="message-text">{message.text}</p>
              {message.attachments && message.attachments.length > 0 ? (
                <ul className="message-attachments" aria-label="Attachments">
                  {message.attachments.map((path) => {
                    const itemId = attachments[path];
                    return (
                      <li key={path}>
                        {itemId ? (
                          <figure className="attachment-tile" aria-label={`Attachment ${path} (blurred)`}>
                            <img src={mediaUrl('thumbnail', itemId)} alt="" draggable={false} />
                            <figcaption>{path}</figcaption>
                          </figure>
                        ) : (
                          <span className="attachment-missing">{path}: not among the case's files</span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
