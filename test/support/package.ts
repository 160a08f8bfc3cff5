// openssl's check of a detached CMS signature, run the way a recipient runs it: for any signature, and for a
// signed report package (the signature over the manifest, against the package's certificate).
import { spawnSync } from 'node:child_process';
import { requireTool } from './tools';

export interface OpensslVerify {
  /** The detached signature file. */
  signature: string;
  /** The signed content. */
  content: string;
  /** The trusted certificate. */
  ca: string;
  inform?: 'DER' | 'PEM';
  /** `-binary`: the content is checked byte for byte, with no MIME canonicalisation (the default). */
  binary?: boolean;
  /** `-purpose any`: accept a signer certificate without the S/MIME key usage (the default). */
  anyPurpose?: boolean;
  cwd?: string;
}

/** openssl cms -verify's exit status and everything it printed. */
export function opensslCmsVerify(options: OpensslVerify): { status: number | null; output: string } {
  const { inform = 'DER', binary = true, anyPurpose = true } = options;
  const result = spawnSync(
    requireTool('openssl'),
    [
      'cms',
      '-verify',
      ...(binary ? ['-binary'] : []),
      '-inform',
      inform,
      '-in',
      options.signature,
      '-content',
      options.content,
      '-CAfile',
      options.ca,
      ...(anyPurpose ? ['-purpose', 'any'] : []),
      '-out',
      '/dev/null',
    ],
    { cwd: options.cwd, encoding: 'utf8' },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function opensslVerifyPackage(dir: string): { status: number | null; output: string } {
  return opensslCmsVerify({
    signature: 'manifest-sha256.txt.p7s',
    content: 'manifest-sha256.txt',
    ca: 'organisation.pem',
    cwd: dir,
  });
}
