// The one error the format readers (./json, ./xml) throw for text that is not what it claims to be: the
// line it breaks on and why, in words a person can act on. Callers turn it into their own terms (a bank
// file's problem line, an NCMEC answer that is not NCMEC's); it never carries more of the text than a name.
import { InvalidInputError } from '../errors';

/** The text is not well-formed from `line` on; nothing after it can be read. */
export class FormatSyntaxError extends InvalidInputError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Line ${line}: ${reason}`);
  }
}
