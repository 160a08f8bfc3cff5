// The organisation's signing identity (an X.509 certificate and its RSA key) for CMS signatures: generated
// self-signed for testing, or imported from PKCS#12 or PEM, checked, and handed out as PEM and plain data.
// It never hands out forge objects and never stores a key: sealing it in the vault is the caller's job.
import { X509Certificate, createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { CustodyError, InvalidInputError } from '../errors';

/** RSA only: node-forge signs CMS with RSA alone. 3072 bits is NIST SP 800-57's 128-bit security level. */
const GENERATED_KEY_BITS = 3072;
/** Below this an imported key is refused (NIST SP 800-131A disallows RSA under 2048 bits for signing). */
const MINIMUM_KEY_BITS = 2048;
const DEFAULT_VALID_DAYS = 730;
/** A new certificate starts a little in the past so that workstations with slow clocks accept it. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Longest issuer chain followed from a PKCS#12 file or a PEM bundle. */
const MAXIMUM_CHAIN = 8;

export interface OrganisationIdentity {
  /** The signer's certificate, PEM. */
  certificatePem: string;
  /** Its RSA private key as unencrypted PKCS#8 PEM: seal it before it touches a disk. */
  privateKeyPem: string;
  /** The certificates that issued it (nearest first), PEM; empty for a self-signed certificate. */
  chainPem: string[];
}

export interface CertificateDescription {
  /** Distinguished names, one line, most significant attribute first as OpenSSL prints them. */
  subject: string;
  issuer: string;
  /** Upper-case hex, as `openssl x509 -serial` prints it. */
  serialNumber: string;
  /** ISO 8601, UTC. */
  notBefore: string;
  notAfter: string;
  /** Colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
  sha256Fingerprint: string;
  selfSigned: boolean;
}

export interface SelfSignedIdentityOptions {
  commonName: string;
  organisation: string;
  email?: string;
  validDays?: number;
}

export interface IdentityCheckOptions {
  /** The time at which the certificate must be valid; now when omitted. */
  at?: Date;
}

export type IdentityProblem =
  | 'unreadable'
  | 'unsupported-encryption'
  | 'no-key'
  | 'several-keys'
  | 'no-certificate'
  | 'key-mismatch'
  | 'unsupported-key'
  | 'unsupported-name';

/** A PKCS#12 file, PEM text or certificate that cannot serve as the organisation's signing identity. */
export class IdentityRejectedError extends InvalidInputError {
  constructor(
    readonly problem: IdentityProblem,
    message: string,
  ) {
    super(message);
  }
}

export class Pkcs12PasswordError extends CustodyError {
  constructor() {
    super(
      'WRONG_PASSPHRASE',
      'The password for this PKCS#12 file is wrong (or the file is damaged). Nothing was imported; try again.',
    );
  }
}

export class CertificateNotValidError extends InvalidInputError {
  constructor(
    readonly subject: string,
    readonly notBefore: Date,
    readonly notAfter: Date,
    readonly at: Date,
  ) {
    const state =
      at < notBefore ? `is not valid until ${isoSeconds(notBefore)}` : `expired on ${isoSeconds(notAfter)}`;
    super(
      `The certificate for ${subject} ${state} (checked at ${isoSeconds(at)}; valid from ` +
        `${isoSeconds(notBefore)} to ${isoSeconds(notAfter)}). Use a certificate that is valid now.`,
    );
  }
}

export async function generateSelfSignedIdentity(
  options: SelfSignedIdentityOptions,
): Promise<OrganisationIdentity> {
  const validDays = options.validDays ?? DEFAULT_VALID_DAYS;
  if (!options.commonName.trim() || !options.organisation.trim())
    throw new InvalidInputError('A signing identity needs a common name and an organisation name.');
  if (!Number.isInteger(validDays) || validDays < 1)
    throw new InvalidInputError(`validDays must be a whole number of days, at least 1 (got ${validDays}).`);
  // An rfc822Name is an IA5String: ASCII only (RFC 5280 section 4.2.1.6).
  if (options.email !== undefined && !/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(options.email))
    throw new InvalidInputError(`The e-mail address "${options.email}" must be ASCII, as name@domain.`);
  const pair = await promisify(generateKeyPair)('rsa', { modulusLength: GENERATED_KEY_BITS });
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = positiveSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  cert.validity.notAfter = new Date(now + validDays * DAY_MS);
  // UTF8String (RFC 5280 section 4.1.2.6); @types/node-forge types this tag as a class, forge reads a type.
  const utf8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
  const name = [
    { shortName: 'O', value: options.organisation, valueTagClass: utf8 },
    { shortName: 'CN', value: options.commonName, valueTagClass: utf8 },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    // emailProtection is the purpose OpenSSL's `cms -verify` checks by default (smimesign).
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: true },
    ...(options.email ? [{ name: 'subjectAltName', altNames: [{ type: 1, value: options.email }] }] : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const certificatePem = new X509Certificate(forge.pki.certificateToPem(cert)).toString();
  return { certificatePem, privateKeyPem, chainPem: [] };
}

/** Reads a .p12/.pfx file, as exported by OpenSSL 3 (AES-256-CBC, PBKDF2) or with `-legacy` (3DES, RC2). */
export function importPkcs12(
  bytes: Uint8Array,
  password: string,
  options: IdentityCheckOptions = {},
): OrganisationIdentity {
  const bags = readPkcs12Bags(bytes, password);
  const keys: KeyObject[] = [];
  const certificates: X509Certificate[] = [];
  try {
    for (const bag of bags) {
      if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag)
        keys.push(bag.key ? createPrivateKey(forge.pki.privateKeyToPem(bag.key)) : keyFromAsn1(bag.asn1));
      else if (bag.type === forge.pki.oids.certBag)
        certificates.push(
          new X509Certificate(bag.cert ? forge.pki.certificateToPem(bag.cert) : der(bag.asn1)),
        );
    }
  } catch {
    throw new IdentityRejectedError(
      'unreadable',
      'The PKCS#12 file opened, but a key or certificate inside it cannot be read. Export it again.',
    );
  }
  if (keys.length > 1)
    throw new IdentityRejectedError(
      'several-keys',
      `The PKCS#12 file holds ${keys.length} private keys. Export only the organisation's signing identity.`,
    );
  const [key] = keys;
  if (!key)
    throw new IdentityRejectedError(
      'no-key',
      'The PKCS#12 file holds no private key, only certificates. Export it again with its private key.',
    );
  return checkedIdentity(key, certificates, options.at ?? new Date(), 'The PKCS#12 file');
}

/** The identity from PEM text: `certPem` may be a bundle (the signer's certificate and its issuers). */
export function identityFromPem(
  certPem: string,
  keyPem: string,
  options: IdentityCheckOptions = {},
): OrganisationIdentity {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    // "ENCRYPTED PRIVATE KEY" (PKCS#8) or "Proc-Type: 4,ENCRYPTED" (traditional OpenSSL).
    throw new IdentityRejectedError(
      'unreadable',
      /ENCRYPTED/.test(keyPem)
        ? 'The private key PEM is encrypted. Decrypt it first (openssl pkey -in key.pem -out plain.pem).'
        : 'The private key is not readable PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY").',
    );
  }
  const blocks = certPem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const certificates = blocks.map((block) => readCertificate(block));
  return checkedIdentity(key, certificates, options.at ?? new Date(), 'The PEM text');
}

export function describeCertificate(certPem: string): CertificateDescription {
  const cert = readCertificate(certPem);
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: isoSeconds(cert.validFromDate),
    notAfter: isoSeconds(cert.validToDate),
    sha256Fingerprint: cert.fingerprint256,
    // Not checkIssued: OpenSSL's check also wants keyCertSign, which a signing certificate lacks.
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
  };
}

/** For core modules: parses one PEM certificate, or refuses it with an actionable error. */
export function readCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new IdentityRejectedError(
      'unreadable',
      'The certificate is not readable PEM ("-----BEGIN CERTIFICATE-----"). Check that the right file was chosen.',
    );
  }
}

function readPkcs12Bags(bytes: Uint8Array, password: string): forge.pkcs12.Bag[] {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(Buffer.from(bytes).toString('binary'), true);
  } catch {
    throw new IdentityRejectedError(
      'unreadable',
      'This is not a PKCS#12 file (.p12 or .pfx). Export the identity from its key store as PKCS#12.',
    );
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, true, password).safeContents.flatMap((safe) => safe.safeBags);
  } catch (error) {
    throw pkcs12Failure(error, password);
  }
}

/** Turns node-forge's PKCS#12 errors into ones a person can act on. */
function pkcs12Failure(error: unknown, password: string): CustodyError {
  const message = error instanceof Error ? error.message : String(error);
  const oid =
    error instanceof Error && 'oid' in error && typeof error.oid === 'string' ? ` (${error.oid})` : '';
  const reexport =
    'Export it again with `openssl pkcs12 -export` (AES-256-CBC, PBKDF2, SHA-256 MAC) or with `-legacy` (3DES).';
  if (/unsupported|unknown/i.test(message))
    return new IdentityRejectedError(
      'unsupported-encryption',
      `The PKCS#12 file uses an algorithm Custody cannot read${oid}. ${reexport}`,
    );
  if (/decrypt/i.test(message) && !/MAC/.test(message) && /[^\x20-\x7e]/.test(password))
    return new IdentityRejectedError(
      'unsupported-encryption',
      'Custody cannot read a PKCS#12 file encrypted with AES (PBES2) under a password with non-ASCII ' +
        `characters. Choose an ASCII-only password. ${reexport}`,
    );
  if (/password|decrypt/i.test(message)) return new Pkcs12PasswordError();
  return new IdentityRejectedError('unreadable', `The PKCS#12 file is damaged or incomplete: ${message}`);
}

function der(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function keyFromAsn1(privateKeyInfo: forge.asn1.Asn1): KeyObject {
  return createPrivateKey({ key: der(privateKeyInfo), format: 'der', type: 'pkcs8' });
}

/** Finds the key's certificate and its issuers, then checks the key type and the validity period. */
function checkedIdentity(
  key: KeyObject,
  certificates: X509Certificate[],
  at: Date,
  source: string,
): OrganisationIdentity {
  const [first] = certificates;
  if (!first)
    throw new IdentityRejectedError(
      'no-certificate',
      `${source} holds no certificate, only a private key. Export it again with the key's certificate.`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MINIMUM_KEY_BITS)
    throw new IdentityRejectedError(
      'unsupported-key',
      `The private key is ${key.asymmetricKeyType === 'rsa' ? `RSA-${bits}` : key.asymmetricKeyType}; CMS ` +
        `signatures here need RSA of at least ${MINIMUM_KEY_BITS} bits (node-forge signs CMS with RSA only). ` +
        'Ask for an RSA-3072 certificate.',
    );
  const signer = certificates.find((cert) => cert.checkPrivateKey(key));
  if (!signer)
    throw new IdentityRejectedError(
      'key-mismatch',
      `The private key does not belong to ${certificates.length === 1 ? 'the certificate' : 'any certificate'} ` +
        `(${oneLineName(first.subject)}, serial ${first.serialNumber}). Export the key with its own certificate.`,
    );
  if (at < signer.validFromDate || at > signer.validToDate)
    throw new CertificateNotValidError(
      oneLineName(signer.subject),
      signer.validFromDate,
      signer.validToDate,
      at,
    );
  const chain = issuersOf(signer, certificates);
  for (const cert of [signer, ...chain]) {
    try {
      forge.pki.certificateFromPem(cert.toString());
    } catch {
      throw new IdentityRejectedError(
        'unsupported-key',
        `node-forge cannot embed the certificate ${oneLineName(cert.subject)} in a signature (it reads RSA ` +
          'certificates only). Import the identity without that issuing certificate.',
      );
    }
  }
  return {
    certificatePem: signer.toString(),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chainPem: chain.map((cert) => cert.toString()),
  };
}

/** The certificates that issued `cert`, nearest first, as far as `pool` has them. */
function issuersOf(cert: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = cert;
  while (chain.length < MAXIMUM_CHAIN) {
    const next = pool.find(
      (candidate) => candidate !== cert && !chain.includes(candidate) && current.checkIssued(candidate),
    );
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

/** A positive 16-byte serial without a leading zero byte (RFC 5280 section 4.1.2.2). */
function positiveSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return bytes.toString('hex');
}

function oneLineName(name: string): string {
  return name.split('\n').join(', ');
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
