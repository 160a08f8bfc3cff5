// A reader of the harness's Server-Sent Events stream for tests, which waits for the next event instead of
// sleeping. (A valid event payload to send is in ./event-samples.ts, which the renderer's tests share.)

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
