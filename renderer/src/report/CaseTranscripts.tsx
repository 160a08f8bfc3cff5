// The case's chat transcripts under its report, folded until asked for: loaded from the core (which records
// the view) when the case opens, each shown as a conversation, or with the reason it cannot be (shredded, not a transcript).
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { Conversation } from './Conversation';

type Transcripts = ResponseOf<'cases.transcripts'>['transcripts'];

export function CaseTranscripts({ caseId }: { caseId: string }) {
  const [transcripts, setTranscripts] = useState<Transcripts | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    call('cases.transcripts', { id: caseId })
      .then((answer) => current && setTranscripts(answer.transcripts))
      .catch((failure: unknown) => current && setError(errorMessage(failure)));
    return () => {
      current = false;
    };
  }, [caseId]);
  if (error) {
    return (
      <div className="error-banner" role="alert">
        The case's transcripts could not be loaded: {error}
      </div>
    );
  }
  if (!transcripts || transcripts.length === 0) return null;
  const messages = transcripts.reduce((n, t) => n + (t.ok ? t.transcript.messages.length : 0), 0);
  return (
    <details className="case-transcripts">
      <summary>
        Chat transcripts · {transcripts.length} conversation{transcripts.length === 1 ? '' : 's'}, {messages}{' '}
        message{messages === 1 ? '' : 's'}
      </summary>
      <section aria-label="Chat transcripts">
        {transcripts.map((entry) =>
          entry.ok ? (
            <Conversation key={entry.itemId} transcript={entry.transcript} attachments={entry.attachments} />
          ) : (
            <p key={entry.itemId} className="error-banner" role="alert">
              {entry.path}: {entry.problem}
            </p>
          ),
        )}
      </section>
    </details>
  );
}
