// RFC 3161 timestamps over a package's tag manifest: the TimeStampReq (SHA-512 imprint, a nonce, the TSA's
// certificate asked for), sending it to a TSA over HTTP (application/timestamp-query), and checking a
// TimeStampResp against the tag manifest with pkijs: granted, the imprint matches, the TSA's signature
// verifies and its certificate is for time-stamping. It trusts no TSA by itself: it reports who stamped.
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { InvalidInputError, TamperDetectedError } from '../errors';

const SHA512_OID = '2.16.840.1.101.3.4.2.3';
const TIME_STAMPING_EKU = '1.3.6.1.5.5.7.3.8';
const SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const DIGEST_NAMES: Record<string, string> = {
  [SHA512_OID]: 'sha512',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '1.3.14.3.2.26': 'sha1',
};
/** How long a TSA may take to answer before the package is given up. */
const TSA_TIMEOUT_MS = 30_000;
/** The largest answer read from a TSA. */
const MAX_TSR_BYTES = 1024 * 1024;

const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

/** A timestamp that does not prove the tag manifest's time: the message says why. */
export class TimestampInvalidError extends TamperDetectedError {}

/** DER of a TimeStampReq over `content` (SHA-512), asking for the TSA's certificate. */
export function timestampRequest(content: Uint8Array): Uint8Array {
  const digest = createHash('sha512').update(content).digest();
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] ?? 0) & 0x7f;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA512_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

/** Sends `query` to the TSA at `url` and returns its TimeStampResp (checked by the caller). */
export async function requestTimestamp(url: string, query: Uint8Array): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(`"${url}" is not a TSA URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new InvalidInputError(`The TSA URL must be http or https, not ${parsed.protocol}`);
  const answer = await fetch(parsed, {
    method: 'POST',
    headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
    body: new Uint8Array(query),
    signal: AbortSignal.timeout(TSA_TIMEOUT_MS),
  }).catch((error: Error) => {
    throw new InvalidInputError(`The TSA at ${parsed.origin} did not answer: ${error.message}`);
  });
  const body = new Uint8Array(await answer.arrayBuffer());
  if (!answer.ok) throw new InvalidInputError(`The TSA at ${parsed.origin} answered HTTP ${answer.status}.`);
  if (body.length === 0 || body.length > MAX_TSR_BYTES)
    throw new InvalidInputError(`The TSA at ${parsed.origin} sent ${body.length} bytes, not a timestamp.`);
  return body;
}

export interface VerifiedTimestamp {
  genTime: string;
  tsa: string;
  serial: string;
  policy: string;
}

/**
 * Checks that `tsr` (a TimeStampResp, or a bare TimeStampToken) stamps exactly `content`: granted, its
 * imprint is the content's digest, its signature verifies with the included TSA certificate, and that
 * certificate is a time-stamping one. `query` (the .tsq sent), when given, must carry the same nonce.
 */
export async function verifyTimestamp(
  content: Uint8Array,
  tsr: Uint8Array,
  query?: Uint8Array,
): Promise<VerifiedTimestamp> {
  const signed = readToken(tsr);
  const tstInfo = readTstInfo(signed);
  if (query) {
    const request = parse(() => pkijs.TimeStampReq.fromBER(toArrayBuffer(query)), 'the timestamp query');
    const sent = request.nonce?.valueBlock.valueHexView;
    const got = tstInfo.nonce?.valueBlock.valueHexView;
    if (sent && (!got || !Buffer.from(sent).equals(Buffer.from(got))))
      throw new TimestampInvalidError('The timestamp answers another request: its nonce is not the query’s.');
  }
  const algorithm = tstInfo.messageImprint.hashAlgorithm.algorithmId;
  const hash = {
    [SHA512_OID]: 'sha512',
    '2.16.840.1.101.3.4.2.1': 'sha256',
    '2.16.840.1.101.3.4.2.2': 'sha384',
  }[algorithm];
  if (!hash) throw new TimestampInvalidError(`The timestamp uses the digest algorithm ${algorithm}.`);
  const imprint = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!createHash(hash).update(content).digest().equals(imprint))
    throw new TimestampInvalidError(
      'The timestamp is for other content: its imprint is not the digest of the tag manifest.',
    );
  const certificates = (signed.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (certificates.length === 0)
    throw new TimestampInvalidError("The timestamp does not include the TSA's certificate.");
  const valid = await signed
    .verify(
      { signer: 0, data: toArrayBuffer(content), checkChain: false, checkDate: tstInfo.genTime },
      engine,
    )
    .catch((error: { message?: string }) => {
      throw new TimestampInvalidError(
        `The timestamp's signature does not verify: ${error.message ?? String(error)}`,
      );
    });
  if (!valid) throw new TimestampInvalidError("The timestamp's signature does not verify.");
  const signerDer = Buffer.from(signerOf(signed, certificates).toSchema().toBER());
  checkSignedCertificateId(signed, signerDer);
  checkIncludedCertificates(certificates, signerDer);
  const signerCertificate = new X509Certificate(signerDer);
  const usages = signerCertificate.keyUsage ?? [];
  if (!usages.includes(TIME_STAMPING_EKU))
    throw new TimestampInvalidError("The timestamp's signer is not a time-stamping certificate.");
  return {
    genTime: tstInfo.genTime.toISOString(),
    tsa: signerCertificate.subject.replace(/\n/g, ', '),
    serial: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: tstInfo.policy,
  };
}

/** The imprint digest a query asks to stamp (hex), to match a query to a tag manifest. */
export function queryDigest(query: Uint8Array): string {
  const request = parse(() => pkijs.TimeStampReq.fromBER(toArrayBuffer(query)), 'the timestamp query');
  return Buffer.from(request.messageImprint.hashedMessage.valueBlock.valueHexView).toString('hex');
}

function readToken(tsr: Uint8Array): pkijs.SignedData {
  const bytes = toArrayBuffer(tsr);
  const asn = asn1js.fromBER(bytes);
  if (asn.offset === -1) throw new TimestampInvalidError('The timestamp is not DER: it was damaged.');
  let content: pkijs.ContentInfo;
  try {
    const response = pkijs.TimeStampResp.fromBER(bytes);
    if (!Buffer.from(response.toSchema().toBER(false)).equals(Buffer.from(bytes)))
      throw new TimestampInvalidError('The timestamp is not in DER as its TSA wrote it: it was changed.');
    const status = response.status.status;
    // Only `granted`: a TSA's modifications (grantedWithMods) are not something a package should carry.
    if (status !== pkijs.PKIStatus.granted)
      throw new TimestampInvalidError(`The TSA refused the request (PKIStatus ${status}).`);
    if (!response.timeStampToken) throw new TimestampInvalidError('The TSA answer holds no token.');
    content = response.timeStampToken;
  } catch (error) {
    if (error instanceof TimestampInvalidError) throw error;
    content = parse(() => pkijs.ContentInfo.fromBER(bytes), 'the timestamp');
  }
  if (content.contentType !== pkijs.ContentInfo.SIGNED_DATA)
    throw new TimestampInvalidError('The timestamp token is not CMS SignedData.');
  return parse(() => new pkijs.SignedData({ schema: content.content }), 'the timestamp token');
}

/**
 * The TSA's certificate is bound into what it signed (RFC 3161 section 2.4.2, RFC 5035): the hash in the
 * signed signing-certificate attribute must be the included certificate's, so no byte of it can change.
 */
function checkSignedCertificateId(signed: pkijs.SignedData, certificate: Buffer): void {
  const attributes = signed.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const v2 = attributes.find((a) => a.type === SIGNING_CERTIFICATE_V2);
  const v1 = attributes.find((a) => a.type === SIGNING_CERTIFICATE);
  const attribute = v2 ?? v1;
  if (!attribute) throw new TimestampInvalidError("The timestamp does not name its TSA's certificate.");
  const [certs] = sequenceItems(attribute.values[0]);
  const [first] = sequenceItems(certs);
  const fields = sequenceItems(first);
  let hash = v2 ? 'sha256' : 'sha1';
  let index = 0;
  if (v2 && fields[0] instanceof asn1js.Sequence) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: fields[0] }).algorithmId;
    hash = DIGEST_NAMES[algorithm] ?? '';
    index = 1;
  }
  const certHash = fields[index];
  if (!hash || !(certHash instanceof asn1js.OctetString))
    throw new TimestampInvalidError("The timestamp's certificate identifier cannot be read.");
  if (!createHash(hash).update(certificate).digest().equals(Buffer.from(certHash.valueBlock.valueHexView)))
    throw new TimestampInvalidError(
      'The TSA certificate in the timestamp is not the one it signed for: it was changed.',
    );
  const digestAlgorithms = signed.digestAlgorithms.map((a) => a.algorithmId);
  const signer = signed.signerInfos[0];
  const algorithms = [...signed.digestAlgorithms, signer?.digestAlgorithm, signer?.signatureAlgorithm];
  if (
    signed.version !== 3 ||
    signer?.version !== 1 ||
    !digestAlgorithms.includes(signer.digestAlgorithm.algorithmId) ||
    !algorithms.every(
      (a) => a && (a.algorithmParams === undefined || a.algorithmParams instanceof asn1js.Null),
    )
  )
    throw new TimestampInvalidError('The timestamp token is not well formed: it was changed.');
}

/**
 * Certificates the token carries beside its signer's are not covered by its signature: each must be a copy
 * of the signer's or sign another one carried (a chain), so a changed byte in one cannot pass unnoticed.
 */
function checkIncludedCertificates(certificates: readonly pkijs.Certificate[], signerDer: Buffer): void {
  const parsed = certificates.map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
  for (const certificate of parsed) {
    if (certificate.raw.equals(signerDer)) continue;
    const issues = parsed.some(
      (other) => other !== certificate && other.checkIssued(certificate) && safeVerify(other, certificate),
    );
    if (!issues)
      throw new TimestampInvalidError(
        `The timestamp carries a certificate (${certificate.subject.replace(/\n/g, ', ')}) that is neither its TSA's nor in its chain: it was changed.`,
      );
  }
}

function safeVerify(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function sequenceItems(value: unknown): unknown[] {
  if (!(value instanceof asn1js.Sequence))
    throw new TimestampInvalidError("The timestamp's certificate identifier cannot be read.");
  return value.valueBlock.value;
}

function readTstInfo(signed: pkijs.SignedData): pkijs.TSTInfo {
  const eContent = signed.encapContentInfo.eContent;
  if (signed.encapContentInfo.eContentType !== '1.2.840.113549.1.9.16.1.4' || !eContent)
    throw new TimestampInvalidError('The timestamp token does not carry a TSTInfo.');
  return parse(() => pkijs.TSTInfo.fromBER(toArrayBuffer(eContent.valueBlock.valueHexView)), 'the TSTInfo');
}

function signerOf(signed: pkijs.SignedData, certificates: pkijs.Certificate[]): pkijs.Certificate {
  const sid = signed.signerInfos[0]?.sid;
  const found =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certificates.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer))
      : certificates[0];
  if (!found) throw new TimestampInvalidError("The timestamp does not include its signer's certificate.");
  return found;
}

function parse<T>(read: () => T, what: string): T {
  try {
    return read();
  } catch (error) {
    throw new TimestampInvalidError(`${what} cannot be read (${(error as Error).message}): it was damaged.`);
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
