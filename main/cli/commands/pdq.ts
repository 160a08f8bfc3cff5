// custody pdq: PDQ hashes of image files, no vault needed. One line per file; a file that cannot be
// decoded gets one line on stderr and the others are still printed.
import { DIHEDRAL_TRANSFORMS, hashFiles } from '../../core/matching/pdq';
import { parse, UsageError, type Command } from '../io';
import { listed } from './index';

const { usage } = listed('pdq');

export const pdq: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      { dihedral: { type: 'boolean' }, json: { type: 'boolean' } },
      usage,
    );
    if (positionals.length === 0) throw new UsageError(`name at least one image.\nusage: ${usage}`);
    const dihedral = Boolean(values.dihedral);
    let failures = 0;
    for (const result of await hashFiles(positionals, { dihedral })) {
      if (!result.ok) {
        failures++;
        io.err(`custody pdq: ${result.error.message}`);
        continue;
      }
      const { hash, quality } = result.pdq;
      const hashes = result.pdq.dihedral?.hashes ?? [];
      if (values.json) {
        io.out(
          JSON.stringify({
            file: result.path,
            hash,
            quality,
            ...(dihedral
              ? { dihedral: Object.fromEntries(DIHEDRAL_TRANSFORMS.map((t, i) => [t, hashes[i]])) }
              : {}),
          }),
        );
      } else {
        io.out([hash, String(quality), ...(dihedral ? hashes : []), result.path].join(' '));
      }
    }
    return failures > 0 ? 1 : 0;
  },
};
