import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchMessages, transcriptReportFacts, transcriptSchema } from '../../shared/transcript';
import { example } from '../support/transcript';

describe('transcripts', () => {
  it('accept the documented shape and refuse senders who are not participants, duplicates and escaping paths', () => {
    expect(transcriptSchema.safeParse(example).success).toBe(true);
    const wrongSender = { ...example, messages: [{ ...example.messages[0], senderId: 'u-999' }] };
    expect(transcriptSchema.safeParse(wrongSender).error?.issues[0]).toMatchObject({
      path: ['messages', 0, 'senderId'],
    });
    const twice = { ...example, participants: [...example.participants, { id: 'u-100', role: 'other' }] };
    expect(transcriptSchema.safeParse(twice).error?.issues[0]?.message).toMatch(/listed twice/);
    const escaping = { ...example, messages: [{ ...example.messages[2], attachments: ['../outside.jpg'] }] };
    expect(transcriptSchema.safeParse(escaping).success).toBe(false);
    expect(transcriptSchema.safeParse({ ...example, format: 'other' }).error?.issues[0]?.message).toMatch(
      /custody-transcript\/1/,
    );
  });

  it('never throws on arbitrary JSON: it answers with issues', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = transcriptSchema.safeParse(value);
        expect(typeof parsed.success).toBe('boolean');
      }),
      { numRuns: 500, seed: 20261203 },
    );
  });

  it('give the report the reported person, the recipient and a summary with the platform times in UTC', () => {
    const facts = transcriptReportFacts(example);
    expect(facts.personOrUserReported).toEqual([
      { espIdentifier: 'u-100', espService: 'ExampleChat', screenName: 'sender_one' },
    ]);
    expect(facts.intendedRecipient).toEqual([
      { espIdentifier: 'u-200', espService: 'ExampleChat', displayName: ['Recipient Two'] },
    ]);
    expect(facts.summary).toBe(
      'Conversation on ExampleChat (conversation conv-77) between sender_one (id u-100), reported; ' +
        'Recipient Two (id u-200), recipient; id u-300: 3 messages from 2026-11-30T09:05:00.000Z to ' +
        '2026-11-30T11:00:00.000Z (times as provided by ExampleChat, UTC), 2 attachments.',
    );
  });

  it('search narrows messages case-insensitively; an empty query shows all', () => {
    expect(searchMessages(example.messages, 'WHO').map((m) => m.id)).toEqual(['m2']);
    expect(searchMessages(example.messages, '  ')).toHaveLength(3);
  });
});
