// Detached CMS signatures (RFC 5652 SignedData, one signer, its certificate included) over exact bytes, made
// with node-forge so that they verify with `openssl cms -verify -binary` and `certtool --p7-verify`.
// Verification reads the DER strictly itself and checks with node:crypto; it throws nothing but typed errors.
import { createHash, verify as verifyRsa, type X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { CustodyError, TamperDetectedError } from '../errors';
import {
  describeCertificate,
  identityFromPem,
  IdentityRejectedError,
  readCertificate,
  type CertificateDescription,
  type OrganisationIdentity,
} from './organisation';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Digest algorithms accepted in a signature, by OID, as node:crypto names them. */
const DIGESTS: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RSA PKCS #1 v1.5 signature algorithms: rsaEncryption takes the signer's digest, the others name theirs. */
const RSA_SIGNATURES: Record<string, string | undefined> = {
  '1.2.840.113549.1.1.1': undefined,
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

const UTF8_STRING = forge.asn1.Type.UTF8 as number;
const DER_NULL = Buffer.from([0x05, 0x00]);
const VERSION_1 = Buffer.from([0x01]);

/** Longest chain of included certificates followed from the signer to a trusted certificate. */
const MAXIMUM_CHAIN_DEPTH = 8;

const TAG = {
  integer: 0x02,
  octetString: 0x04,
  oid: 0x06,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
  implicit0: 0x80,
  explicit0: 0xa0,
  explicit1: 0xa1,
} as const;

export type SignatureFailure =
  | 'malformed'
  | 'unsupported'
  | 'content-mismatch'
  | 'signature-mismatch'
  | 'signer-missing'
  | 'certificate-not-valid'
  | 'untrusted';

/** A detached signature that does not prove its content: `failure` names the check that failed. */
export class SignatureInvalidError extends TamperDetectedError {
  constructor(
    readonly failure: SignatureFailure,
    message: string,
  ) {
    super(message);
  }
}

/** A signature Custody just made failed its own verification: a bug, never handed out. */
export class SigningSelfCheckError extends CustodyError {
  constructor(detail: string) {
    super(
      'INTERNAL',
      `Custody made a signature that does not verify (${detail}). Nothing was signed; report this.`,
    );
  }
}

export interface SignOptions {
  /** The signingTime attribute, to the second; now when omitted. */
  signingTime?: Date;
}

export interface VerifyOptions {
  /**
   * The certificate the signer must be, or chain to through the certificates in the signature. Without it a
   * valid signature proves only that the holder of the included certificate's key signed: the names in that
   * certificate are whatever it says.
   */
  trustedCertificatePem?: string;
  /**
   * When the signer's certificate must have been valid. Defaults to the signing time in the signature, which
   * the signer asserts; pass a time you trust (a timestamp, a ledger entry) when you have one.
   */
  at?: Date;
}

export interface VerifiedSignature {
  signer: CertificateDescription;
  signedAt: Date;
}

/** DER of a detached CMS SignedData over exactly `content`, signed with SHA-256 and RSA. */
export function signDetached(
  content: Uint8Array,
  identity: OrganisationIdentity,
  options: SignOptions = {},
): Uint8Array {
  const signingTime = new Date(Math.floor((options.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const checked = identityFromPem(
    [identity.certificatePem, ...identity.chainPem].join('\n'),
    identity.privateKeyPem,
    { at: signingTime },
  );
  const certificate = forgeSignerCertificate(checked.certificatePem);
  const p7 = forge.pkcs7.createSignedData();
  // A binary-string buffer makes forge digest these exact bytes; a JS string would be UTF-8 encoded first.
  p7.content = forge.util.createBuffer(Buffer.from(content).toString('binary'));
  p7.addCertificate(certificate);
  for (const pem of checked.chainPem) p7.addCertificate(pem);
  p7.addSigner({
    key: checked.privateKeyPem,
    certificate,
    digestAlgorithm: OID.sha256,
    authenticatedAttributes: signedAttributesInDerOrder(content, signingTime),
  });
  p7.sign({ detached: true });
  const signature = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  try {
    verifyDetached(content, signature, { trustedCertificatePem: checked.certificatePem, at: signingTime });
  } catch (error) {
    throw new SigningSelfCheckError(error instanceof Error ? error.message : String(error));
  }
  return new Uint8Array(signature);
}

/**
 * The signer's certificate as forge needs it to name the issuer in the SignerInfo byte for byte as the
 * certificate does (forge writes that name again from parsed fields; the embedded certificate keeps its bytes).
 */
function forgeSignerCertificate(certificatePem: string): forge.pki.Certificate {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  // forge reads UTF8String values as raw bytes but UTF-8-encodes them again when it writes them.
  for (const attribute of certificate.issuer.attributes)
    if (attribute.valueTagClass === UTF8_STRING && typeof attribute.value === 'string')
      attribute.value = forge.util.decodeUtf8(attribute.value);
  const der = new Der(readCertificate(certificatePem).raw);
  const issuer = readIncluded(der, der.whole()).issuer;
  const named = forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(certificate.issuer)).getBytes();
  if (!Buffer.from(named, 'binary').equals(issuer))
    throw new IdentityRejectedError(
      'unsupported-name',
      `node-forge cannot name this certificate's issuer (${describeCertificate(certificatePem).issuer}) in a ` +
        'signature: it has several attributes in one component. Use a certificate whose issuer name has one ' +
        'attribute per component.',
    );
  return certificate;
}

/**
 * Checks a detached signature over `content`: its structure, the message digest, the RSA signature over the
 * signed attributes, that the signer's certificate is included and valid at `at`, and, when given, trust.
 */
export function verifyDetached(
  content: Uint8Array,
  signatureDer: Uint8Array,
  options: VerifyOptions = {},
): VerifiedSignature {
  const trusted =
    options.trustedCertificatePem === undefined ? undefined : readCertificate(options.trustedCertificatePem);
  try {
    return checkSignature(content, parseSignedData(signatureDer), trusted, options.at);
  } catch (error) {
    if (error instanceof CustodyError) throw error;
    throw malformed(error instanceof Error ? error.message : String(error));
  }
}

/** PEM text of a signature, in the "PKCS7" armour both OpenSSL and GnuTLS read. */
export function signatureToPem(signatureDer: Uint8Array): string {
  const lines =
    Buffer.from(signatureDer)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return ['-----BEGIN PKCS7-----', ...lines, '-----END PKCS7-----', ''].join('\n');
}

/**
 * contentType, messageDigest and signingTime, sorted by their DER encodings: a SET OF must be (X.690
 * section 11.6), forge keeps the order it is given, and GnuTLS re-encodes the set before checking the signature.
 */
function signedAttributesInDerOrder(
  content: Uint8Array,
  signingTime: Date,
): { type: string; value?: string }[] {
  const { asn1 } = forge;
  const universal = (type: forge.asn1.Type, constructed: boolean, value: string | forge.asn1.Asn1[]) =>
    asn1.create(asn1.Class.UNIVERSAL, type, constructed, value);
  const encoded = (type: string, value: forge.asn1.Asn1) =>
    Buffer.from(
      asn1
        .toDer(
          universal(asn1.Type.SEQUENCE, true, [
            universal(asn1.Type.OID, false, asn1.oidToDer(type).getBytes()),
            universal(asn1.Type.SET, true, [value]),
          ]),
        )
        .getBytes(),
      'binary',
    );
  // RFC 5652 section 11.3: UTCTime from 1950 to 2049, GeneralizedTime otherwise (forge follows the same rule).
  const year = signingTime.getUTCFullYear();
  const time =
    year >= 1950 && year < 2050
      ? universal(asn1.Type.UTCTIME, false, asn1.dateToUtcTime(signingTime))
      : universal(asn1.Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(signingTime));
  const digest = createHash('sha256').update(content).digest('binary');
  const attributes = [
    {
      type: OID.contentType,
      value: OID.data,
      der: encoded(OID.contentType, universal(asn1.Type.OID, false, asn1.oidToDer(OID.data).getBytes())),
    },
    // forge fills in the message digest itself, from the same bytes.
    {
      type: OID.messageDigest,
      der: encoded(OID.messageDigest, universal(asn1.Type.OCTETSTRING, false, digest)),
    },
    { type: OID.signingTime, value: signingTime.toISOString(), der: encoded(OID.signingTime, time) },
  ];
  return attributes.sort((a, b) => Buffer.compare(a.der, b.der)).map(({ type, value }) => ({ type, value }));
}

interface IncludedCertificate {
  certificate: X509Certificate;
  issuer: Buffer;
  serial: Buffer;
}

interface SignerInfo {
  issuer: Buffer;
  serial: Buffer;
  digestOid: string;
  signatureOid: string;
  signature: Buffer;
  /** The [0] IMPLICIT signed attributes exactly as received. */
  signedAttributes: Buffer;
  /** Each signed attribute's single value, by attribute OID. */
  attributes: Map<string, Tlv>;
}

interface SignedData {
  der: Der;
  certificates: IncludedCertificate[];
  signer: SignerInfo;
}

function parseSignedData(bytes: Uint8Array): SignedData {
  const der = new Der(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const contentInfo = der.children(der.expect(der.whole(), TAG.sequence, 'ContentInfo'), 'ContentInfo');
  const [contentType, explicitContent] = exactly(contentInfo, 2, 'ContentInfo');
  if (der.oid(contentType, 'the content type') !== OID.signedData)
    throw unsupported('it is a CMS structure, but not SignedData');
  const explicit = der.expect(explicitContent, TAG.explicit0, 'the SignedData wrapper');
  const [signedData] = exactly(der.children(explicit, 'the SignedData wrapper'), 1, 'the SignedData wrapper');
  const [version, digestAlgorithms, encapsulated, ...rest] = der.children(
    der.expect(signedData, TAG.sequence, 'SignedData'),
    'SignedData',
  );
  der.version(version, 'SignedData');
  const digestOids = der
    .children(der.expect(digestAlgorithms, TAG.set, 'the digest algorithms'), 'the digest algorithms')
    .map((algorithm) => der.algorithm(algorithm, 'a digest algorithm'));
  const encapsulatedParts = der.children(
    der.expect(encapsulated, TAG.sequence, 'the content info'),
    'the content info',
  );
  if (der.oid(encapsulatedParts[0], 'the signed content type') !== OID.data)
    throw unsupported('it signs a content type other than plain data');
  if (encapsulatedParts.length !== 1)
    throw unsupported('it carries its own copy of the content, and Custody signatures are detached');
  const signerInfos = der.expect(rest.pop(), TAG.set, 'the signer infos');
  const [certificates, crls] = rest;
  if (
    rest.length > 2 ||
    (crls && crls.tag !== TAG.explicit1) ||
    (certificates && certificates.tag !== TAG.explicit0)
  )
    throw malformed('unexpected fields between the content info and the signer infos');
  const signers = der.children(signerInfos, 'the signer infos');
  if (signers.length !== 1)
    throw unsupported(`it has ${signers.length} signers, and a Custody signature has exactly one`);
  const signer = readSignerInfo(der, signers[0]);
  if (!digestOids.includes(signer.digestOid))
    throw malformed("the signer's digest algorithm is missing from the SignedData's digest algorithms");
  return {
    der,
    certificates: certificates
      ? der.children(certificates, 'the certificates').map((c) => readIncluded(der, c))
      : [],
    signer,
  };
}

function readIncluded(der: Der, tlv: Tlv): IncludedCertificate {
  const [tbsCertificate] = der.children(der.expect(tlv, TAG.sequence, 'a certificate'), 'a certificate');
  const tbs = der.children(
    der.expect(tbsCertificate, TAG.sequence, 'a certificate body'),
    'a certificate body',
  );
  const offset = tbs[0]?.tag === TAG.explicit0 ? 1 : 0;
  let certificate: X509Certificate;
  try {
    certificate = readCertificate(certificatePem(der.bytes(tlv)));
  } catch {
    throw malformed('a certificate inside it cannot be read');
  }
  return {
    certificate,
    serial: der.bytes(der.expect(tbs[offset], TAG.integer, 'a certificate serial number')),
    issuer: der.bytes(der.expect(tbs[offset + 2], TAG.sequence, 'a certificate issuer')),
  };
}

function readSignerInfo(der: Der, tlv: Tlv | undefined): SignerInfo {
  const parts = der.children(der.expect(tlv, TAG.sequence, 'the signer info'), 'the signer info');
  const [version, sid, digestAlgorithm, signedAttributes, signatureAlgorithm, signature, unsigned, extra] =
    parts;
  der.version(version, 'SignerInfo');
  if (sid?.tag === TAG.implicit0)
    throw unsupported('it names its signer by key identifier; Custody expects issuer and serial number');
  const signerId = der.children(der.expect(sid, TAG.sequence, 'the signer id'), 'the signer id');
  const [issuer, serial] = exactly(signerId, 2, 'the signer id');
  if (signedAttributes?.tag !== TAG.explicit0)
    throw unsupported('it has no signed attributes, so no signing time and no message digest');
  if (extra || (unsigned && unsigned.tag !== TAG.explicit1))
    throw malformed('unexpected fields after the signature value');
  return {
    issuer: der.bytes(der.expect(issuer, TAG.sequence, 'the signer issuer')),
    serial: der.bytes(der.expect(serial, TAG.integer, 'the signer serial number')),
    digestOid: der.algorithm(digestAlgorithm, 'the digest algorithm'),
    signatureOid: der.algorithm(signatureAlgorithm, 'the signature algorithm'),
    signature: der.body(der.expect(signature, TAG.octetString, 'the signature value')),
    signedAttributes: der.bytes(signedAttributes),
    attributes: readSignedAttributes(der, signedAttributes),
  };
}

/** The signed attributes, refusing duplicates and a set that is not in DER order. */
function readSignedAttributes(der: Der, tlv: Tlv): Map<string, Tlv> {
  const attributes = new Map<string, Tlv>();
  let previous: Buffer | undefined;
  for (const attribute of der.children(tlv, 'the signed attributes')) {
    const encoding = der.bytes(attribute);
    if (previous && Buffer.compare(previous, encoding) >= 0)
      throw malformed(
        'its signed attributes are not in DER order (X.690 11.6), which strict verifiers reject',
      );
    previous = encoding;
    const fields = der.children(
      der.expect(attribute, TAG.sequence, 'a signed attribute'),
      'a signed attribute',
    );
    const [type, values] = exactly(fields, 2, 'a signed attribute');
    const oid = der.oid(type, 'an attribute type');
    const [value] = der.children(der.expect(values, TAG.set, 'attribute values'), 'attribute values');
    if (attributes.has(oid)) throw malformed(`it repeats the signed attribute ${oid}`);
    if (value) attributes.set(oid, value);
  }
  return attributes;
}

function checkSignature(
  content: Uint8Array,
  { der, certificates, signer }: SignedData,
  trusted: X509Certificate | undefined,
  at: Date | undefined,
): VerifiedSignature {
  const hash = DIGESTS[signer.digestOid];
  if (!hash) throw unsupported(`it uses the digest algorithm ${signer.digestOid}`);
  if (!(signer.signatureOid in RSA_SIGNATURES) || (RSA_SIGNATURES[signer.signatureOid] ?? hash) !== hash)
    throw unsupported(`it uses the signature algorithm ${signer.signatureOid} with ${hash}`);
  const contentType = signer.attributes.get(OID.contentType);
  const messageDigest = signer.attributes.get(OID.messageDigest);
  const signingTime = signer.attributes.get(OID.signingTime);
  if (!contentType || !messageDigest)
    throw malformed('its signed attributes lack the content type or digest');
  if (der.oid(contentType, 'the content type attribute') !== OID.data)
    throw malformed('its content type attribute does not match the signed content type');
  if (!signingTime) throw unsupported('it has no signing time');
  const signedAt = der.time(signingTime);

  const digest = der.body(der.expect(messageDigest, TAG.octetString, 'the message digest'));
  if (!createHash(hash).update(content).digest().equals(digest))
    throw new SignatureInvalidError(
      'content-mismatch',
      `The content does not match the signature: its ${hash.toUpperCase()} digest differs from the signed one. ` +
        'It was changed after signing, or this signature belongs to other content.',
    );

  const included = certificates.find((c) => c.issuer.equals(signer.issuer) && c.serial.equals(signer.serial));
  if (!included)
    throw new SignatureInvalidError(
      'signer-missing',
      "The signature does not include its signer's certificate, so it cannot be checked.",
    );
  const certificate = included.certificate;
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    throw unsupported("the signer's certificate does not hold an RSA key");

  // The signature covers the signed attributes encoded as a SET OF (RFC 5652 section 5.4), not as [0].
  const signedBytes = Buffer.from(signer.signedAttributes);
  signedBytes[0] = TAG.set;
  if (!safely(() => verifyRsa(hash, signedBytes, certificate.publicKey, signer.signature)))
    throw new SignatureInvalidError(
      'signature-mismatch',
      "The signature value does not match its signed attributes and the signer's key: the signature was altered.",
    );

  const checkedAt = at ?? signedAt;
  const signerDescription = describeCertificate(certificate.toString());
  if (!validAt(certificate, checkedAt))
    throw new SignatureInvalidError(
      'certificate-not-valid',
      `The signer's certificate (${signerDescription.subject}) was not valid at ${checkedAt.toISOString()}` +
        `${at ? '' : ', the signing time it claims'}: it is valid from ${signerDescription.notBefore} to ` +
        `${signerDescription.notAfter}.`,
    );
  if (
    trusted &&
    !chainsTo(
      certificate,
      trusted,
      certificates.map((c) => c.certificate),
      checkedAt,
    )
  )
    throw new SignatureInvalidError(
      'untrusted',
      `The signer (${signerDescription.subject}, SHA-256 ${signerDescription.sha256Fingerprint}) is not the ` +
        `trusted certificate (${describeCertificate(trusted.toString()).subject}) and was not issued by it.`,
    );
  return { signer: signerDescription, signedAt };
}

/** Whether `certificate` is `trusted`, or reaches it through CA certificates from `pool` valid at `at`. */
function chainsTo(
  certificate: X509Certificate,
  trusted: X509Certificate,
  pool: X509Certificate[],
  at: Date,
): boolean {
  let current = certificate;
  const visited = new Set<X509Certificate>([certificate]);
  for (let depth = 0; depth < MAXIMUM_CHAIN_DEPTH; depth++) {
    if (current.raw.equals(trusted.raw)) return true;
    if (issued(trusted, current) && validAt(trusted, at)) return true;
    const next = pool.find(
      (issuer) => !visited.has(issuer) && issued(issuer, current) && validAt(issuer, at),
    );
    if (!next) return false;
    visited.add(next);
    current = next;
  }
  return false;
}

function issued(issuer: X509Certificate, certificate: X509Certificate): boolean {
  return issuer.ca && safely(() => certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey));
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return at >= certificate.validFromDate && at <= certificate.validToDate;
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function certificatePem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n');
}

function exactly(items: Tlv[], count: number, what: string): Tlv[] {
  if (items.length !== count) throw malformed(`${what} has ${items.length} fields where ${count} belong`);
  return items;
}

function malformed(detail: string): SignatureInvalidError {
  return new SignatureInvalidError(
    'malformed',
    `The signature is not a well-formed CMS signature (${detail}). It was damaged, or it is not a signature file.`,
  );
}

function unsupported(detail: string): SignatureInvalidError {
  return new SignatureInvalidError('unsupported', `Custody cannot check this signature: ${detail}.`);
}

/** One DER element: its identifier octet and where its header, body and end lie in the buffer. */
interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

/** A strict DER reader: definite minimal lengths, low tag numbers, nothing past the end of the buffer. */
class Der {
  constructor(private readonly buffer: Buffer) {}

  whole(): Tlv {
    const tlv = this.read(0, this.buffer.length);
    if (tlv.end !== this.buffer.length) throw malformed('bytes follow the end of the signature');
    return tlv;
  }

  children(tlv: Tlv, what: string): Tlv[] {
    if (!(tlv.tag & 0x20)) throw malformed(`${what} is not a constructed element`);
    const children: Tlv[] = [];
    for (let offset = tlv.body; offset < tlv.end; offset = children[children.length - 1]?.end ?? tlv.end)
      children.push(this.read(offset, tlv.end));
    return children;
  }

  expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
    if (!tlv) throw malformed(`${what} is missing`);
    if (tlv.tag !== tag)
      throw malformed(`${what} has tag 0x${tlv.tag.toString(16)} where 0x${tag.toString(16)} belongs`);
    return tlv;
  }

  bytes(tlv: Tlv): Buffer {
    return this.buffer.subarray(tlv.start, tlv.end);
  }

  body(tlv: Tlv): Buffer {
    return this.buffer.subarray(tlv.body, tlv.end);
  }

  oid(tlv: Tlv | undefined, what: string): string {
    const body = this.body(this.expect(tlv, TAG.oid, what));
    if (body.length === 0 || (body[body.length - 1] ?? 0) & 0x80)
      throw malformed(`${what} is not a valid OID`);
    return forge.asn1.derToOid(body.toString('binary'));
  }

  /** The OID of an AlgorithmIdentifier whose parameters are absent or NULL, as for SHA-2 and RSA. */
  algorithm(tlv: Tlv | undefined, what: string): string {
    const [oid, parameters, extra] = this.children(this.expect(tlv, TAG.sequence, what), what);
    if (extra || (parameters && !this.bytes(parameters).equals(DER_NULL)))
      throw malformed(`${what} has parameters where none or NULL belong`);
    return this.oid(oid, what);
  }

  /** Version 1: what SignedData and SignerInfo carry when the signer is named by issuer and serial number. */
  version(tlv: Tlv | undefined, what: string): void {
    if (!this.body(this.expect(tlv, TAG.integer, `the ${what} version`)).equals(VERSION_1))
      throw unsupported(`its ${what} version is not 1`);
  }

  time(tlv: Tlv): Date {
    const text = this.body(tlv).toString('latin1');
    const utc = tlv.tag === TAG.utcTime;
    const match = utc
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : tlv.tag === TAG.generalizedTime
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null;
    const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = (match ?? [])
      .slice(1)
      .map(Number);
    const fullYear = utc ? (year < 50 ? 2000 + year : 1900 + year) : year;
    const date = new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
    const fieldsKept =
      date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour;
    if (!match || fullYear < 1950 || !fieldsKept || minute > 59 || second > 59)
      throw malformed('its signing time is not a valid UTCTime or GeneralizedTime in UTC');
    return date;
  }

  private read(start: number, limit: number): Tlv {
    const tag = this.buffer[start];
    const first = this.buffer[start + 1];
    if (tag === undefined || first === undefined || start + 2 > limit)
      throw malformed(`it is cut short at byte ${start}`);
    if ((tag & 0x1f) === 0x1f) throw malformed(`a high tag number at byte ${start}`);
    let length = first;
    let body = start + 2;
    if (first & 0x80) {
      const octets = first & 0x7f;
      if (octets === 0 || octets > 4) throw malformed(`an indefinite or oversized length at byte ${start}`);
      if (body + octets > limit) throw malformed(`it is cut short at byte ${start}`);
      length = 0;
      for (let i = 0; i < octets; i++) length = length * 256 + (this.buffer[body + i] ?? 0);
      if (length < 0x80 || this.buffer[body] === 0) throw malformed(`a non-minimal length at byte ${start}`);
      body += octets;
    }
    const end = body + length;
    if (end > limit) throw malformed(`an element at byte ${start} runs past its container`);
    return { tag, start, body, end };
  }
}
