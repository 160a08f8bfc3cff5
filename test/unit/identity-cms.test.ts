import { createPrivateKey } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodyError } from '../../main/core/errors';
import {
  SignatureInvalidError,
  signatureToPem,
  signDetached,
  verifyDetached,
  type SignatureFailure,
} from '../../main/core/identity/cms';
import {
  CertificateNotValidError,
  describeCertificate,
  generateSelfSignedIdentity,
  identityFromPem,
  IdentityRejectedError,
  importPkcs12,
  Pkcs12PasswordError,
  type IdentityProblem,
  type OrganisationIdentity,
} from '../../main/core/identity/organisation';
import { opensslCmsVerify } from '../support/package';
import { seededRandom } from '../support/random';
import { requireTool } from '../support/tools';

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(requireTool(command), args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function openssl(...args: string[]): string {
  const result = run('openssl', args);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.output}`);
  return result.output;
}

/** Every byte value, CRLF, lone CR and LF, and sequences that are not UTF-8: bytes, never text. */
const content = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('manifest line\r\nbare LF\nbare CR\r'),
  Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xff, 0xfe, 0x00, 0x0a]),
]);
let dir: string;
/** Within the certificates' validity, with milliseconds that the signature drops. */
let signingTime: Date;
let signedAtSecond: Date;
let identity: OrganisationIdentity;
let other: OrganisationIdentity;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custody-identity-cms-'));
  identity = await generateSelfSignedIdentity({
    commonName: 'Custody Test Signing',
    organisation: 'Exämple Trust & Safety',
    email: 'signing@example.org',
    validDays: 3650,
  });
  other = await generateSelfSignedIdentity({ commonName: 'Someone Else', organisation: 'Other Org' });
  signedAtSecond = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
  signingTime = new Date(signedAtSecond.getTime() + 750);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, data: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

/** Runs `action`, which must throw a typed error of `type`; returns it for further checks. */
function thrown<T extends Error>(action: () => unknown, type: new (...args: never[]) => T): T {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected an error, but the call succeeded');
}

function failure(action: () => unknown): SignatureFailure {
  return thrown(action, SignatureInvalidError).failure;
}

function problem(action: () => unknown): IdentityProblem {
  return thrown(action, IdentityRejectedError).problem;
}

/** The order forge's documentation shows, and the DER order of the same three attributes. */
const DOCUMENTED_ORDER = ['contentType', 'messageDigest', 'signingTime'];
const DER_ORDER = ['contentType', 'signingTime', 'messageDigest'];

/** What node-forge makes when used naively: attributes in the order given, content as forge is handed it. */
function naiveForgeSignature(
  signer: OrganisationIdentity,
  order: string[],
  forgeContent: string | forge.util.ByteStringBuffer = forge.util.createBuffer(content.toString('binary')),
): Buffer {
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forgeContent;
  p7.addCertificate(certificate);
  p7.addSigner({
    key: signer.privateKeyPem,
    certificate,
    digestAlgorithm: forge.pki.oids.sha256 ?? '',
    authenticatedAttributes: order.map((name) => ({
      type: forge.pki.oids[name] ?? '',
      value:
        name === 'contentType'
          ? forge.pki.oids.data
          : name === 'signingTime'
            ? new Date().toISOString()
            : undefined,
    })),
  });
  p7.sign({ detached: true });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

describe('organisation identity', () => {
  it('generates a self-signed RSA-3072 certificate for CMS signing', () => {
    const description = describeCertificate(identity.certificatePem);
    expect(description.subject).toBe('O=Exämple Trust & Safety, CN=Custody Test Signing');
    expect(description.selfSigned).toBe(true);
    expect(description.issuer).toBe(description.subject);
    expect(description.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(Date.parse(description.notAfter) - Date.parse(description.notBefore)).toBeGreaterThan(
      3649 * 86400e3,
    );
    expect(createPrivateKey(identity.privateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(identity.chainPem).toEqual([]);
  });

  it('has the key usages and identifiers OpenSSL expects of a signer', async () => {
    const cert = await file('generated.pem', identity.certificatePem);
    const text = openssl('x509', '-in', cert, '-noout', '-text', '-nameopt', 'utf8');
    expect(text).toContain('Public-Key: (3072 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toMatch(/Extended Key Usage:\s+E-mail Protection/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('email:signing@example.org');
    expect(text).toContain('Subject: O=Exämple Trust & Safety, CN=Custody Test Signing');
    const fingerprint = openssl('x509', '-in', cert, '-noout', '-fingerprint', '-sha256');
    expect(fingerprint.trim()).toBe(
      `sha256 Fingerprint=${describeCertificate(identity.certificatePem).sha256Fingerprint}`,
    );
  });

  it('reads an identity from PEM and refuses a key that belongs to another certificate', () => {
    const again = identityFromPem(identity.certificatePem, identity.privateKeyPem);
    expect(describeCertificate(again.certificatePem)).toEqual(describeCertificate(identity.certificatePem));
    expect(problem(() => identityFromPem(identity.certificatePem, other.privateKeyPem))).toBe('key-mismatch');
    expect(problem(() => identityFromPem('not a certificate', identity.privateKeyPem))).toBe(
      'no-certificate',
    );
    expect(problem(() => identityFromPem(identity.certificatePem, 'not a key'))).toBe('unreadable');
    const encryptedKey = createPrivateKey(identity.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
      .toString();
    expect(() => identityFromPem(identity.certificatePem, encryptedKey)).toThrow(
      /encrypted. Decrypt it first/,
    );
    expect(
      problem(() => describeCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')),
    ).toBe('unreadable');
  });

  it('refuses a certificate outside its validity period, naming the dates', () => {
    const { notBefore, notAfter } = describeCertificate(identity.certificatePem);
    const late = thrown(
      () => identityFromPem(identity.certificatePem, identity.privateKeyPem, { at: new Date('2099-01-01') }),
      CertificateNotValidError,
    );
    expect(late.message).toContain(`expired on ${notAfter}`);
    const early = thrown(
      () => identityFromPem(identity.certificatePem, identity.privateKeyPem, { at: new Date('2001-01-01') }),
      CertificateNotValidError,
    );
    expect(early.message).toContain(`is not valid until ${notBefore}`);
  });

  it('refuses bad options for a generated identity', async () => {
    await expect(generateSelfSignedIdentity({ commonName: ' ', organisation: 'X' })).rejects.toThrow(
      CustodyError,
    );
    await expect(
      generateSelfSignedIdentity({ commonName: 'A', organisation: 'X', validDays: 0 }),
    ).rejects.toThrow(/validDays/);
    await expect(
      generateSelfSignedIdentity({ commonName: 'A', organisation: 'X', email: 'jörg@example.org' }),
    ).rejects.toThrow(/must be ASCII/);
  });
});

describe('detached CMS signatures', () => {
  it('signs the exact bytes and verifies them in-process', () => {
    const signature = signDetached(content, identity, { signingTime });
    const verified = verifyDetached(content, signature, { trustedCertificatePem: identity.certificatePem });
    expect(verified.signedAt).toEqual(signedAtSecond);
    expect(verified.signer).toEqual(describeCertificate(identity.certificatePem));
    // The content is not UTF-8: a signature over its text would cover other bytes.
    expect(Buffer.from(content.toString('utf8'))).not.toEqual(content);
    expect(failure(() => verifyDetached(Buffer.from(content.toString('utf8')), signature))).toBe(
      'content-mismatch',
    );
  });

  it('is detached: the signature does not grow with the content', () => {
    const small = signDetached(Buffer.alloc(10), identity);
    const large = signDetached(Buffer.alloc(1_000_000, 0x5a), identity);
    expect(Math.abs(large.length - small.length)).toBeLessThan(8);
    expect(large.length).toBeLessThan(4096);
  });

  it('refuses to sign when the certificate is not valid at the signing time', () => {
    expect(() => signDetached(content, identity, { signingTime: new Date('2099-01-01') })).toThrow(
      CertificateNotValidError,
    );
  });

  it('checks validity at the signing time, or at a time the caller trusts', () => {
    const signature = signDetached(content, identity, { signingTime });
    expect(verifyDetached(content, signature).signedAt).toEqual(signedAtSecond);
    expect(failure(() => verifyDetached(content, signature, { at: new Date('2099-01-01') }))).toBe(
      'certificate-not-valid',
    );
  });

  it('detects a changed content byte, a changed signature byte and an untrusted signer', () => {
    const signature = signDetached(content, identity);
    const changedContent = Buffer.from(content);
    changedContent[100] = (changedContent[100] ?? 0) ^ 0x01;
    expect(failure(() => verifyDetached(changedContent, signature))).toBe('content-mismatch');
    const changedSignature = Buffer.from(signature);
    changedSignature[changedSignature.length - 1] =
      (changedSignature[changedSignature.length - 1] ?? 0) ^ 0x01;
    expect(failure(() => verifyDetached(content, changedSignature))).toBe('signature-mismatch');
    expect(
      failure(() => verifyDetached(content, signature, { trustedCertificatePem: other.certificatePem })),
    ).toBe('untrusted');
  });

  it('refuses signed attributes out of DER order, as naive node-forge use leaves them', () => {
    const unsorted = naiveForgeSignature(other, DOCUMENTED_ORDER);
    expect(thrown(() => verifyDetached(content, unsorted), SignatureInvalidError).message).toContain(
      'DER order',
    );
    expect(verifyDetached(content, naiveForgeSignature(other, DER_ORDER)).signer.subject).toBe(
      'O=Other Org, CN=Someone Else',
    );
  });

  it('names a signer whose organisation is not ASCII, which naive node-forge gets wrong', () => {
    expect(failure(() => verifyDetached(content, naiveForgeSignature(identity, DER_ORDER)))).toBe(
      'signer-missing',
    );
    expect(verifyDetached(content, signDetached(content, identity)).signer.subject).toBe(
      'O=Exämple Trust & Safety, CN=Custody Test Signing',
    );
  });

  it('writes PEM that carries the same DER', () => {
    const signature = signDetached(content, identity);
    const pem = signatureToPem(signature);
    expect(pem).toMatch(
      /^-----BEGIN PKCS7-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PKCS7-----\n$/,
    );
    const body = pem.replace(/-----[A-Z0-9 ]+-----|\n/g, '');
    expect(Buffer.from(body, 'base64')).toEqual(Buffer.from(signature));
  });
});

describe('verification with outside tools', () => {
  let paths: { content: string; der: string; pem: string; cert: string; otherCert: string };

  beforeAll(async () => {
    const signature = signDetached(content, identity);
    paths = {
      content: await file('content.bin', content),
      der: await file('sig.p7s', signature),
      pem: await file('sig.pem', signatureToPem(signature)),
      cert: await file('cert.pem', identity.certificatePem),
      otherCert: await file('other.pem', other.certificatePem),
    };
  });

  function opensslVerify(
    signature: string,
    inform: 'DER' | 'PEM',
    content: string,
    ca: string,
    binary = true,
  ) {
    return opensslCmsVerify({ signature, inform, content, ca, binary });
  }

  function certtoolVerify(signature: string, der: boolean, data: string, ca: string) {
    return run('certtool', [
      '--p7-verify',
      ...(der ? ['--inder'] : []),
      '--infile',
      signature,
      '--load-data',
      data,
      '--load-ca-certificate',
      ca,
    ]);
  }

  it('openssl cms -verify -binary accepts the DER and the PEM forms', () => {
    for (const [signature, inform] of [
      [paths.der, 'DER'],
      [paths.pem, 'PEM'],
    ] as const) {
      const result = opensslVerify(signature, inform, paths.content, paths.cert);
      expect(result.output).toContain('CMS Verification successful');
      expect(result.status).toBe(0);
    }
  });

  it('lists contentType, signingTime, messageDigest: the DER order', () => {
    const printed = openssl('cms', '-cmsout', '-print', '-inform', 'DER', '-in', paths.der);
    const signedAttributes = printed.slice(
      printed.indexOf('signedAttrs:'),
      printed.indexOf('signatureAlgorithm:'),
    );
    expect([...signedAttributes.matchAll(/object: (\w+)/g)].map((m) => m[1])).toEqual([
      'contentType',
      'signingTime',
      'messageDigest',
    ]);
  });

  it('needs -binary: OpenSSL otherwise rewrites line endings and the digest differs', () => {
    const result = opensslVerify(paths.der, 'DER', paths.content, paths.cert, false);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('CMS Verification failure');
  });

  it('certtool --p7-verify accepts the DER and the PEM forms', () => {
    for (const [signature, der] of [
      [paths.der, true],
      [paths.pem, false],
    ] as const) {
      const result = certtoolVerify(signature, der, paths.content, paths.cert);
      expect(result.output).toContain('Signature status: ok');
      expect(result.status).toBe(0);
    }
  });

  it('a changed content byte, a changed signature byte or another CA fails openssl, certtool and Custody', async () => {
    const signature = await readFile(paths.der);
    const changedContent = Buffer.from(content);
    changedContent[7] = (changedContent[7] ?? 0) ^ 0x80;
    const changedSignature = Buffer.from(signature);
    changedSignature[changedSignature.length - 20] =
      (changedSignature[changedSignature.length - 20] ?? 0) ^ 0x80;
    const cases = [
      {
        name: 'content',
        data: changedContent,
        sig: signature,
        ca: paths.cert,
        expected: 'content-mismatch',
      },
      {
        name: 'signature',
        data: content,
        sig: changedSignature,
        ca: paths.cert,
        expected: 'signature-mismatch',
      },
      { name: 'ca', data: content, sig: signature, ca: paths.otherCert, expected: 'untrusted' },
    ] as const;
    for (const c of cases) {
      const data = await file(`changed-${c.name}.bin`, c.data);
      const sig = await file(`changed-${c.name}.p7s`, c.sig);
      const byOpenssl = opensslVerify(sig, 'DER', data, c.ca);
      expect(byOpenssl.status, `openssl, changed ${c.name}`).not.toBe(0);
      expect(byOpenssl.output).toContain('Verification failure');
      const byCerttool = certtoolVerify(sig, true, data, c.ca);
      expect(byCerttool.status, `certtool, changed ${c.name}`).not.toBe(0);
      const trustedCertificatePem = await readFile(c.ca, 'utf8');
      expect(failure(() => verifyDetached(c.data, c.sig, { trustedCertificatePem }))).toBe(c.expected);
    }
  });

  it('certtool rejects signed attributes out of DER order', async () => {
    const unsorted = await file('unsorted.p7s', naiveForgeSignature(other, DOCUMENTED_ORDER));
    expect(certtoolVerify(unsorted, true, paths.content, paths.otherCert).output).toContain(
      'Signature status: verification failed',
    );
    const sorted = await file('sorted.p7s', naiveForgeSignature(other, DER_ORDER));
    expect(certtoolVerify(sorted, true, paths.content, paths.otherCert).output).toContain(
      'Signature status: ok',
    );
  });

  it('a signature over the content given to forge as text does not verify the bytes', async () => {
    const textual = naiveForgeSignature(other, DER_ORDER, content.toString('latin1'));
    const sig = await file('textual.p7s', textual);
    expect(opensslVerify(sig, 'DER', paths.content, paths.otherCert).output).toContain(
      'CMS Verification failure',
    );
    expect(failure(() => verifyDetached(content, textual))).toBe('content-mismatch');
  });
});

describe('PKCS#12 import', () => {
  const password = 'correct horse battery';
  let keyPath: string;
  let certPath: string;

  beforeAll(async () => {
    keyPath = await file('p12-key.pem', identity.privateKeyPem);
    certPath = await file('p12-cert.pem', identity.certificatePem);
  });

  async function exportPkcs12(name: string, ...options: string[]): Promise<Buffer> {
    const out = join(dir, `${name}.p12`);
    openssl('pkcs12', '-export', '-inkey', keyPath, '-in', certPath, '-out', out, ...options);
    return readFile(out);
  }

  it('imports OpenSSL 3 defaults (AES-256-CBC) and -legacy (3DES, RC2) with the right password', async () => {
    for (const options of [
      [],
      ['-legacy'],
      ['-legacy', '-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES'],
    ]) {
      const bytes = await exportPkcs12('round-trip', '-passout', `pass:${password}`, ...options);
      const imported = importPkcs12(bytes, password);
      expect(describeCertificate(imported.certificatePem)).toEqual(
        describeCertificate(identity.certificatePem),
      );
      expect(imported.chainPem).toEqual([]);
      const signature = signDetached(content, imported);
      expect(
        verifyDetached(content, signature, { trustedCertificatePem: identity.certificatePem }).signer.subject,
      ).toBe('O=Exämple Trust & Safety, CN=Custody Test Signing');
      expect(() => importPkcs12(bytes, 'wrong password')).toThrow(Pkcs12PasswordError);
    }
  });

  it('reads non-ASCII passwords in legacy files and explains why it cannot in AES ones', async () => {
    const unicode = 'pässwörd€';
    const legacy = await exportPkcs12('unicode-legacy', '-legacy', '-passout', `pass:${unicode}`);
    expect(importPkcs12(legacy, unicode).certificatePem).toBe(identity.certificatePem);
    const modern = await exportPkcs12('unicode-modern', '-passout', `pass:${unicode}`);
    const error = thrown(() => importPkcs12(modern, unicode), IdentityRejectedError);
    expect(error.problem).toBe('unsupported-encryption');
    expect(error.message).toContain('ASCII-only password');
  });

  it('names an algorithm it cannot read and how to export again', async () => {
    const camellia = await exportPkcs12(
      'camellia',
      '-passout',
      `pass:${password}`,
      '-keypbe',
      'CAMELLIA-256-CBC',
      '-certpbe',
      'CAMELLIA-256-CBC',
    );
    const error = thrown(() => importPkcs12(camellia, password), IdentityRejectedError);
    expect(error.problem).toBe('unsupported-encryption');
    expect(error.message).toContain('openssl pkcs12 -export');
  });

  it('refuses a file without a key, without a certificate, or with a key for another certificate', async () => {
    const certOnly = await exportPkcs12('cert-only', '-nokeys', '-passout', `pass:${password}`);
    expect(problem(() => importPkcs12(certOnly, password))).toBe('no-key');
    const keyOnly = await exportPkcs12('key-only', '-nocerts', '-passout', `pass:${password}`);
    expect(problem(() => importPkcs12(keyOnly, password))).toBe('no-certificate');
    const mismatched = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(other.privateKeyPem),
      forge.pki.certificateFromPem(identity.certificatePem),
      password,
      { algorithm: '3des' },
    );
    const bytes = Buffer.from(forge.asn1.toDer(mismatched).getBytes(), 'binary');
    expect(problem(() => importPkcs12(bytes, password))).toBe('key-mismatch');
    expect(problem(() => importPkcs12(Buffer.from('not a PKCS#12 file'), password))).toBe('unreadable');
  });

  it('refuses an expired or not yet valid certificate with its dates', async () => {
    const bytes = await exportPkcs12('dated', '-passout', `pass:${password}`);
    const { notAfter } = describeCertificate(identity.certificatePem);
    const error = thrown(
      () => importPkcs12(bytes, password, { at: new Date('2099-01-01') }),
      CertificateNotValidError,
    );
    expect(error.message).toContain(notAfter);
    expect(error.notAfter.toISOString().replace('.000', '')).toBe(notAfter);
    expect(() => importPkcs12(bytes, password, { at: new Date('2001-01-01') })).toThrow(/not valid until/);
  });

  it('refuses an EC key: forge signs CMS with RSA only', async () => {
    const key = join(dir, 'ec-key.pem');
    const cert = join(dir, 'ec-cert.pem');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key);
    openssl('req', '-x509', '-key', key, '-out', cert, '-subj', '/CN=EC Signer', '-days', '30');
    const out = join(dir, 'ec.p12');
    openssl('pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', `pass:${password}`);
    const bytes = await readFile(out);
    const error = thrown(() => importPkcs12(bytes, password), IdentityRejectedError);
    expect(error.problem).toBe('unsupported-key');
    expect(error.message).toContain('RSA');
  });

  it('explains a certificate whose issuer name forge cannot write', async () => {
    const key = join(dir, 'multi-key.pem');
    const cert = join(dir, 'multi-cert.pem');
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key);
    openssl(
      'req',
      '-x509',
      '-key',
      key,
      '-out',
      cert,
      '-multivalue-rdn',
      '-subj',
      '/O=Org/CN=Name+serialNumber=5',
    );
    const multiValued = identityFromPem(await readFile(cert, 'utf8'), await readFile(key, 'utf8'));
    const error = thrown(() => signDetached(content, multiValued), IdentityRejectedError);
    expect(error.problem).toBe('unsupported-name');
    expect(error.message).toContain('serialNumber=5 + CN=Name');
  });

  it('keeps the issuing CA from the file, includes it, and verifies against the CA alone', async () => {
    const caKey = join(dir, 'ca-key.pem');
    const caCert = join(dir, 'ca.pem');
    const leafKey = join(dir, 'leaf-key.pem');
    const leafCsr = join(dir, 'leaf.csr');
    const leafCert = join(dir, 'leaf.pem');
    const extensions = await file(
      'leaf.ext',
      'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n',
    );
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', caKey);
    openssl(
      'req',
      '-x509',
      '-key',
      caKey,
      '-out',
      caCert,
      '-days',
      '30',
      '-subj',
      '/O=Example CA/CN=Example Root',
    );
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', leafKey);
    openssl('req', '-new', '-key', leafKey, '-out', leafCsr, '-subj', '/O=Org/CN=Leaf');
    openssl(
      'x509',
      '-req',
      '-in',
      leafCsr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-days',
      '10',
      '-out',
      leafCert,
      '-extfile',
      extensions,
    );
    const out = join(dir, 'chain.p12');
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      leafKey,
      '-in',
      leafCert,
      '-certfile',
      caCert,
      '-out',
      out,
      '-passout',
      'pass:x',
    );
    const imported = importPkcs12(await readFile(out), 'x');
    expect(imported.chainPem).toHaveLength(1);
    expect(describeCertificate(imported.chainPem[0] ?? '').subject).toContain('Example Root');

    const signature = signDetached(content, imported);
    const trustedCertificatePem = await readFile(caCert, 'utf8');
    expect(verifyDetached(content, signature, { trustedCertificatePem }).signer.subject).toBe(
      'O=Org, CN=Leaf',
    );
    expect(
      failure(() => verifyDetached(content, signature, { trustedCertificatePem: other.certificatePem })),
    ).toBe('untrusted');
    const sig = await file('chain.p7s', signature);
    const result = opensslCmsVerify({
      signature: sig,
      content: await file('chain-content.bin', content),
      ca: caCert,
      anyPurpose: false,
    });
    expect(result.output).toContain('CMS Verification successful');
  });
});

describe('verification of malformed signatures', () => {
  let signature: Buffer;

  beforeAll(() => {
    signature = Buffer.from(signDetached(content, identity, { signingTime }));
  });

  function rejected(bytes: Uint8Array): SignatureFailure {
    return failure(() => verifyDetached(content, bytes, { trustedCertificatePem: identity.certificatePem }));
  }

  it('refuses every truncation with a typed error', () => {
    for (let length = 0; length < signature.length; length++)
      expect(rejected(signature.subarray(0, length))).toBe('malformed');
    expect(rejected(Buffer.concat([signature, Buffer.from([0])]))).toBe('malformed');
  });

  it('refuses every single-byte change with a typed error', () => {
    for (let at = 0; at < signature.length; at++)
      for (const mask of [0x01, 0x80, 0xff]) {
        const changed = Buffer.from(signature);
        changed[at] = (changed[at] ?? 0) ^ mask;
        rejected(changed);
      }
  });

  it('refuses random damage and other files with a typed error', async () => {
    const { next } = seededRandom(2258);
    for (let round = 0; round < 500; round++) {
      const changed = Buffer.from(signature);
      const changes = 1 + Math.floor(next() * 8);
      for (let i = 0; i < changes; i++) {
        const at = Math.floor(next() * changed.length);
        changed[at] = (changed[at] ?? 0) ^ (1 + Math.floor(next() * 255));
      }
      rejected(changed);
    }
    const junk = [
      Buffer.alloc(0),
      Buffer.from([0x30]),
      Buffer.from([0x30, 0x80, 0x00, 0x00]),
      Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x3f, 0x81, 0x01, 0x00]),
      Buffer.from(signatureToPem(signature)),
      Buffer.from(identity.certificatePem),
      Buffer.from(Array.from({ length: 2000 }, () => Math.floor(next() * 256))),
      Buffer.alloc(5000, 0x30),
    ];
    for (const bytes of junk) expect(rejected(bytes)).toBe('malformed');
  });
});
