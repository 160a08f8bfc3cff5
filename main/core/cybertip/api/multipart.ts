// The streamed multipart/form-data body of an upload (field `id`, then field `file`), hashing with MD5 the
// bytes it sends so the client can check NCMEC's hash against them. It never buffers the file, and never
// sends more or fewer bytes than announced: the body fails instead.
import { createHash, randomBytes } from 'node:crypto';
import { InvalidInputError } from '../../errors';

export interface UploadBody {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  /** Exact length of the body: the parts' headers plus `size` bytes of content. */
  contentLength: number;
  /** MD5 (hex) of the content sent; meaningful once the body was read to its end. */
  sentMd5: () => string;
  /** Why the body failed: the content was not `size` bytes long. */
  sizeProblem: () => InvalidInputError | undefined;
}

/** Content-Disposition filename as browsers write it: quotes and line breaks percent-encoded. */
function dispositionName(fileName: string): string {
  return fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function asIterable(content: Uint8Array | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  if (!(content instanceof Uint8Array)) return content;
  return (async function* () {
    yield content;
  })();
}

/**
 * The body uploading `content` as `fileName` to report `reportId`. It hashes the bytes it sends and fails
 * the request when the content is not `size` bytes long (sizeProblem then says so).
 */
export function uploadBody(
  reportId: number,
  fileName: string,
  content: Uint8Array | AsyncIterable<Uint8Array>,
  size: number,
): UploadBody {
  const boundary = `CustodyBoundary${randomBytes(16).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="id"\r\n\r\n${reportId}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${dispositionName(fileName)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const md5 = createHash('md5');
  let problem: InvalidInputError | undefined;
  async function* parts(): AsyncGenerator<Uint8Array> {
    yield head;
    let sent = 0;
    for await (const chunk of asIterable(content)) {
      sent += chunk.length;
      if (sent > size) break;
      md5.update(chunk);
      yield chunk;
    }
    if (sent !== size) {
      problem = new InvalidInputError(
        `The content of ${fileName} is ${sent > size ? 'longer' : 'shorter'} than the ${size} bytes ` +
          'announced; nothing was uploaded.',
      );
      throw problem;
    }
    yield tail;
  }
  return {
    body: ReadableStream.from(parts()),
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + size + tail.length,
    sentMd5: () => md5.digest('hex'),
    sizeProblem: () => problem,
  };
}
