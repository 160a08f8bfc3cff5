// What every bank importer yields: one hash with its label and category, one video's vPDQ frames, or one
// problem with its line number, in file order. Plain data and hash-text validation only: it never reads
// files or touches a vault.
import { InvalidInputError } from '../../errors';

export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'pdq';

/** Hexadecimal digits in each algorithm's value. */
export const HEX_DIGITS: Readonly<Record<HashAlgorithm, number>> = { md5: 32, sha1: 40, sha256: 64, pdq: 64 };

/** How each algorithm is named in messages a person reads. */
export const ALGORITHM_LABEL: Readonly<Record<HashAlgorithm, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  pdq: 'PDQ',
};

export interface BankEntry {
  algorithm: HashAlgorithm;
  /** Lower-case hex of exactly HEX_DIGITS[algorithm] digits. */
  value: string;
  /** What the list calls the item: a file name, an NCMEC entry id... */
  label?: string;
  /** The list's own category or classification, verbatim (VICS "1", NCMEC "A1"...). */
  category?: string;
  /** PDQ quality 0..100, when the list gives one. */
  quality?: number;
  /** 1-based line of the file the hash was read from. */
  line: number;
  /** Further per-entry facts the list states (VICS flags, NSRL product code, NCMEC member...). */
  extra?: Record<string, string | number | boolean>;
}

export interface ImportProblem {
  /** 1-based line of the file the problem was found on. */
  line: number;
  message: string;
  /** Reading stopped here: nothing after this line was read (broken JSON or XML, a truncated file). */
  fatal?: true;
}

/** One frame of a video in a vPDQ list, in the reference's line format. */
export interface BankVideoFrame {
  frameNumber: number;
  quality: number;
  /** Lower-case hex, 64 digits. */
  hash: string;
  timestampSeconds?: number;
}

/** One video of a vPDQ list: its name, the list's category for it, and its frames in order. */
export interface BankVideo {
  label: string;
  category?: string;
  /** 1-based line of the video's header (or its first frame, for a list with no header). */
  line: number;
  frames: BankVideoFrame[];
}

export type ImportItem = { entry: BankEntry } | { problem: ImportProblem } | { video: BankVideo };

/** The text of a list: file stream chunks (bytes in UTF-8, or UTF-16 with a byte-order mark) or strings. */
export type BankInput = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | string;

/** The whole file is not in the expected format, or is refused (an XML DOCTYPE); no entry can be trusted. */
export class BankFileError extends InvalidInputError {}

/**
 * The hash as lower-case hex, or why the text is not one: the message names the algorithm, the expected
 * length and what was found, so a person can fix the line.
 */
export function parseHash(algorithm: HashAlgorithm, text: string): { value: string } | { reason: string } {
  const value = text.trim().toLowerCase();
  const label = ALGORITHM_LABEL[algorithm];
  const digits = HEX_DIGITS[algorithm];
  if (value === '') return { reason: `the ${label} is empty` };
  const bad = /[^0-9a-f]/.exec(value);
  if (bad) {
    return {
      reason: `${label} "${preview(text.trim())}" has a character that is not hexadecimal: "${bad[0]}"`,
    };
  }
  if (value.length !== digits) {
    return {
      reason: `${label} "${preview(value)}" has ${value.length} hexadecimal digits instead of ${digits}`,
    };
  }
  return { value };
}

/** Text shortened for a message: lists can hold anything, and a message must stay one readable line. */
export function preview(text: string, max = 80): string {
  const flat = text.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '?');
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** A reason as a sentence of its own: capital first letter, full stop. */
export function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
}
