// Contract events for tests: a valid submission.progress payload, and a reader of the harness's
// Server-Sent Events stream that waits for the next event instead of sleeping.
import type { EventPayload } from '../../shared/contract';

export const submissionProgress: EventPayload<'submission.progress'> = {
  id: 'sub-1',
  caseId: 'case-1',
  endpoint: 'http://127.0.0.1:9/ispws',
  state: 'opened',
  reportId: 4242,
  submitAttempts: 1,
  openedAt: '2026-01-02T03:04:05.000Z',
  finishedAt: null,
  expiresAt: null,
  error: null,
  files: [
    {
      position: 0,
      itemId: 'item-1',
      fileName: 'one.png',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      state: 'uploading',
      fileId: null,
      ncmecMd5: null,
    },
  ],
};

export interface StreamedEvent {
  name: string;
  payload: unknown;
}

/** Reads `event:`/`data:` frames from a text/event-stream body, one event per call to next(). */
export function eventStream(body: ReadableStream<Uint8Array>): {
  next(): Promise<StreamedEvent>;
  close(): Promise<void>;
} {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next() {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const field = (key: string) =>
            frame
              .split('\n')
              .find((line) => line.startsWith(`${key}: `))
              ?.slice(key.length + 2);
          const name = field('event');
          const data = field('data');
          if (name !== undefined && data !== undefined) return { name, payload: JSON.parse(data) as unknown };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('The event stream ended.');
        buffered += value;
      }
    },
    close: () => reader.cancel(),
  };
}
