// Checks a signed report package the way a recipient would, with openssl alone: the detached CMS signature
// over the manifest, against the package's certificate. Returns openssl's exit status and what it printed.
import { spawnSync } from 'node:child_process';

export function opensslVerifyPackage(dir: string): { status: number | null; output: string } {
  const result = spawnSync(
    'openssl',
    [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      'manifest-sha256.txt.p7s',
      '-content',
      'manifest-sha256.txt',
      '-CAfile',
      'organisation.pem',
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
