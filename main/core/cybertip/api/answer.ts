// NCMEC's answers: the body read as UTF-8 within a size limit, then a `reportResponse` or
// `reportDoneResponse` parsed on the shared strict XML reader (main/core/format), field by field. Elements
// NCMEC may add are ignored; DTDs, entities, oversized or malformed answers are refused, never thrown.
import { readXmlDocument, type XmlDocumentLimits, type XmlElementNode } from '../../format';
import { oneLine } from './errors';

/** Largest answer read. NCMEC's answers are a few hundred bytes; a finish lists 45 bytes per file. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export const ANSWER_LIMITS: XmlDocumentLimits = {
  maxChars: MAX_ANSWER_BYTES,
  maxDepth: 8,
  maxElements: 50_000,
};

/** A `reportResponse` or `reportDoneResponse`, read field by field; elements NCMEC may add are ignored. */
export interface NcmecAnswer {
  kind: 'reportResponse' | 'reportDoneResponse';
  responseCode: number;
  responseDescription?: string;
  reportId?: number;
  fileId?: string;
  hash?: string;
  files?: string[];
}

const FILE_ID = /^[\w.-]{1,128}$/;
const FIELD_FORMATS: Readonly<Record<string, RegExp>> = {
  responseCode: /^-?\d{1,9}$/,
  reportId: /^[1-9]\d{0,14}$/,
  fileId: FILE_ID,
  hash: /^[0-9A-Fa-f]{32}$/,
};

/** The fileIds of a <files> element, or undefined when it holds anything else. */
function fileIdsOf(files: XmlElementNode): string[] | undefined {
  const ids = files.children.map((file) => (file.name === 'fileId' ? file.text.trim() : ''));
  return ids.every((id) => FILE_ID.test(id)) ? ids : undefined;
}

/** NCMEC's answer, or why the text is not one. Never throws. */
export function parseNcmecAnswer(xml: string): { answer: NcmecAnswer } | { problem: string } {
  const parsed = readXmlDocument(xml, ANSWER_LIMITS);
  if (!parsed.ok) return { problem: `not well-formed XML (line ${parsed.line}): ${parsed.reason}` };
  const { root } = parsed;
  if (root.name !== 'reportResponse' && root.name !== 'reportDoneResponse') {
    return { problem: `the root element is <${root.name}>, not reportResponse` };
  }
  const answer: Partial<NcmecAnswer> & Pick<NcmecAnswer, 'kind'> = { kind: root.name };
  const seen = new Set<string>();
  for (const child of root.children) {
    if (seen.has(child.name)) return { problem: `<${child.name}> appears twice` };
    seen.add(child.name);
    if (child.name === 'files') {
      answer.files = fileIdsOf(child);
      if (answer.files === undefined) return { problem: 'a malformed <files>' };
      continue;
    }
    const format = FIELD_FORMATS[child.name];
    if (format === undefined && child.name !== 'responseDescription') continue;
    const value = child.text.trim();
    if (child.children.length > 0 || (format !== undefined && !format.test(value))) {
      return { problem: `a malformed <${child.name}>` };
    }
    if (child.name === 'responseCode') answer.responseCode = Number(value);
    else if (child.name === 'reportId') answer.reportId = Number(value);
    else if (child.name === 'fileId') answer.fileId = value;
    else if (child.name === 'hash') answer.hash = value.toLowerCase();
    else answer.responseDescription = oneLine(value);
  }
  const { responseCode } = answer;
  if (responseCode === undefined) return { problem: 'no <responseCode>' };
  return { answer: { ...answer, responseCode } };
}

/** The answer's body as text, or why it cannot be one: larger than MAX_ANSWER_BYTES, or not UTF-8. */
export async function readAnswerText(response: Response): Promise<{ text: string } | { problem: string }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      return { problem: `an answer over ${MAX_ANSWER_BYTES} bytes` };
    }
    chunks.push(chunk);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size)) };
  } catch {
    return { problem: 'an answer that is not UTF-8' };
  }
}
