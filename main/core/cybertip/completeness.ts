// Completeness of a CyberTipline report before export: what blocks it (what the XSD or NCMEC's rules
// require), what is missing that police would use and why it matters, and an estimate of whether NCMEC is
// likely to refer it to law enforcement or keep it informational. It reads the model only: no XML, no I/O.
import type { z } from 'zod';
import {
  ATTRIBUTE_NAMES,
  fileDescriptionSchema,
  internetIncidentKinds,
  reportSchema,
  SIMPLE_CONTENT,
  type Draft,
  type FileDetailsDraft,
  type IpCaptureEvent,
  type Person,
  type ReportDraft,
} from '../../../shared/cybertip';
import { checkNcmecRules, type RuleOptions } from './rules';
import { fileDetailsTree } from './file-details-xml';
import { reportTree } from './report-xml';

/** Something that must be fixed before the report can be exported. */
export interface BlockingIssue {
  /** Index into the files passed in, when the issue is in a file's details. */
  file?: number;
  /** XPath-like element path, e.g. /report/incidentSummary/incidentType. */
  path: string;
  message: string;
}

/** A field NCMEC does not require but law enforcement uses, and why it matters. */
export interface Recommendation {
  file?: number;
  path: string;
  field: string;
  why: string;
}

/**
 * NCMEC makes a report a "referral" (sent to law enforcement to act on) when it has user details, imagery
 * and a possible location; otherwise it is usually "informational". This is Custody's estimate, not NCMEC's.
 */
export interface ReferralEstimate {
  likely: 'referral' | 'informational';
  reasons: string[];
}

export interface Completeness {
  exportable: boolean;
  blocking: BlockingIssue[];
  recommended: Recommendation[];
  referral: ReferralEstimate;
}

type Issue = z.ZodError['issues'][number];

/** What to call a required field in "Required: ..." (by element or attribute name). */
const REQUIRED_LABELS: Record<string, string> = {
  incidentSummary: 'the incident summary',
  incidentType: "the incident type (one of NCMEC's incident types)",
  incidentDateTime: 'when the incident happened (incidentDateTime, with a time zone)',
  reporter: 'the reporter',
  reportingPerson: 'the reporting person',
  agencyName: 'the name of the law enforcement agency',
  victimPerson: "the victim's details (at least an empty person record)",
  ipAddress: 'the IP address',
  idType: 'the kind of device id (e.g. IMEI)',
  idValue: 'the device id',
  reason: 'the reason the reports were batched',
  type: 'the type',
  hashType: 'the hash algorithm (e.g. MD5, SHA256)',
  nameValuePair: 'at least one name/value pair',
  name: 'the name',
  value: 'the value',
};

const WHY = {
  internetDetails:
    "NCMEC's schema asks for at least one: it says where the incident happened (web page, chat, email, " +
    'game, phone, peer-to-peer) and carries the URLs, rooms and addresses police will ask you to preserve.',
  reportedUser:
    'Police need an account identifier (screen name, your user id, email, phone or profile URL) to request ' +
    'records with legal process; without one the report is usually only informational.',
  ipCaptureEvent:
    'An IP address with the time it was used is how police find the subscriber and a location; it is the ' +
    'field that most often makes a report actionable.',
  ipDateTime:
    'Internet providers reassign addresses: without the exact time (with time zone) an IP address cannot be ' +
    'resolved to a subscriber.',
  port: 'Behind carrier-grade NAT many subscribers share one IPv4 address; the source port tells them apart.',
  estimatedLocation:
    'Routes the report to the right country and agency quickly, before anyone resolves IP addresses.',
  accountStatus:
    'Tells police whether the account still exists and whether the user was notified, which affects ' +
    'preservation requests and the risk of tipping off the suspect.',
  contactPerson:
    'Gives police a person who can answer questions about the report and receive legal process for it.',
  files:
    'Reports that include the content itself are the ones NCMEC can refer; without files the report is ' +
    'usually only informational.',
  originalFileHash:
    'Hashes of the original bytes let NCMEC and police match the file against known material and show it ' +
    'is exactly the file you found.',
  fileViewedByEsp:
    'Says whether a person at your company looked at the file. Where nobody did, courts may require a ' +
    'warrant before police open it (United States v. Wilson, 9th Cir. 2021); either answer helps them.',
  exifViewedByEsp:
    'Says whether your staff looked at the EXIF metadata sent with the file; like fileViewedByEsp it ' +
    'affects what police may examine without a warrant.',
  originalFileName:
    'The name the user gave the file often carries evidence: series names, dates, other usernames.',
  uploadedToEspTimestamp:
    "Places the file in the account's timeline and ties it to the IP address in use at that moment.",
  fileRelevance:
    'Says whether this file is a reason for the report or supporting context; NCMEC accepts industry ' +
    'classification and meme flags only on Reported files.',
  industryClassification:
    'Lets NCMEC prioritise the report (A/B: prepubescent/pubescent; 1/2: sex act/lascivious exhibition), for ' +
    'providers under the industry hash-sharing MOU.',
  publiclyAvailable:
    'Tells police whether others could see the content, which changes urgency and whether to look for ' +
    'further distribution.',
  fileIpCaptureEvent:
    'The IP address that uploaded this file, with its time, ties the file itself to a subscriber.',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const segment of path) {
    if (!isRecord(at)) return undefined;
    at = at[segment as string];
  }
  return at;
}

/** `name`, or `name[i]` (1-based) when the array holds several: the same paths libxml2 gives elements. */
function step(name: string, index: number, count: number): string {
  return count > 1 ? `${name}[${index + 1}]` : name;
}

/** The element path of a model path: attributes as @name, a simpleContent's `value` as its element. */
function elementPath(root: string, model: unknown, path: readonly PropertyKey[]): string {
  let out = `/${root}`;
  let previous: string | undefined;
  let at: unknown = model;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const count = Array.isArray(at) ? at.length : 0;
      if (count > 1) out += `[${segment + 1}]`;
    } else {
      const key = String(segment);
      if (ATTRIBUTE_NAMES.has(key)) out += `/@${key}`;
      else if (!(key === 'value' && previous !== undefined && SIMPLE_CONTENT.has(previous))) out += `/${key}`;
      previous = key;
    }
    at = isRecord(at) ? at[segment as string] : undefined;
  }
  return out;
}

function isBlank(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

function requiredMessage(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((segment): segment is string => typeof segment === 'string');
  const label = (last && REQUIRED_LABELS[last]) ?? `the ${last ?? 'document'} element`;
  return `Required: ${label}. Fill it in before export.`;
}

/** Schema issues as blocking issues; a failed internetDetails choice is read from its one present branch. */
function schemaIssues(
  issues: readonly Issue[],
  model: unknown,
  root: string,
  prefix: readonly PropertyKey[] = [],
): BlockingIssue[] {
  return issues.flatMap((issue): BlockingIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const at = valueAt(model, path);
      const kinds = isRecord(at) ? Object.keys(at) : [];
      const branch = kinds.length === 1 ? internetIncidentKinds.findIndex((kind) => kind === kinds[0]) : -1;
      const branchIssues = issue.errors[branch];
      if (branchIssues) return schemaIssues(branchIssues, model, root, path);
      return [
        {
          path: elementPath(root, model, path),
          message: `Each internetDetails holds exactly one of ${internetIncidentKinds.join(', ')}: keep one.`,
        },
      ];
    }
    const missing = issue.code !== 'unrecognized_keys' && isBlank(valueAt(model, path));
    return [
      { path: elementPath(root, model, path), message: missing ? requiredMessage(path) : issue.message },
    ];
  });
}

function nonBlank(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function personIdentified(p: Draft<Person> | undefined): boolean {
  return Boolean(
    p &&
    ((p.email ?? []).some((e) => nonBlank(e.value)) ||
      (p.phone ?? []).some((x) => nonBlank(x.value)) ||
      (nonBlank(p.firstName) && nonBlank(p.lastName))),
  );
}

type ReportedUser = NonNullable<ReportDraft['personOrUserReported']>[number];

function userIdentified(p: ReportedUser): boolean {
  return (
    nonBlank(p.screenName) ||
    nonBlank(p.espIdentifier) ||
    (p.profileUrl ?? []).some(nonBlank) ||
    personIdentified(p.personOrUserReportedPerson)
  );
}

function isIpv4(address: string | undefined): boolean {
  return address !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(address.trim());
}

function recommendReport(report: ReportDraft, fileCount: number): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (path: string, field: string, why: string) => out.push({ path, field, why });
  const ipEvents = (at: string, events: readonly Draft<IpCaptureEvent>[]) =>
    events.forEach((event, j) => {
      const here = `${at}/${step('ipCaptureEvent', j, events.length)}`;
      if (isBlank(event.dateTime)) add(`${here}/dateTime`, 'When the IP address was used', WHY.ipDateTime);
      if (event.port === undefined && isIpv4(event.ipAddress)) add(`${here}/port`, 'Source port', WHY.port);
    });

  if ((report.internetDetails ?? []).length === 0) {
    add('/report/internetDetails', 'Where the incident happened', WHY.internetDetails);
  }
  const users = report.personOrUserReported ?? [];
  if (users.length === 0) add('/report/personOrUserReported', 'The reported user', WHY.reportedUser);
  users.forEach((user, i) => {
    const at = `/report/${step('personOrUserReported', i, users.length)}`;
    if (!userIdentified(user)) add(at, 'An identifier for the reported user', WHY.reportedUser);
    const events = user.ipCaptureEvent ?? [];
    if (events.length === 0) add(`${at}/ipCaptureEvent`, 'IP address and time', WHY.ipCaptureEvent);
    ipEvents(at, events);
    if (!user.estimatedLocation) add(`${at}/estimatedLocation`, 'Estimated location', WHY.estimatedLocation);
    if (!user.accountTemporarilyDisabled && !user.accountPermanentlyDisabled) {
      add(`${at}/accountPermanentlyDisabled`, 'Whether the account was disabled', WHY.accountStatus);
    }
  });
  if (!report.reporter?.contactPerson) {
    add('/report/reporter/contactPerson', 'A contact person', WHY.contactPerson);
  }
  if (fileCount === 0) add('/fileDetails', 'Files', WHY.files);
  return out;
}

function recommendFile(file: FileDetailsDraft, index: number): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (element: string, field: string, why: string) =>
    out.push({ file: index, path: `/fileDetails/${element}`, field, why });
  const hasExif = (file.details ?? []).some((d) => d.type === 'EXIF');
  if ((file.originalFileHash ?? []).length === 0) {
    add('originalFileHash', 'Hashes of the original', WHY.originalFileHash);
  }
  if (file.fileViewedByEsp === undefined) {
    add('fileViewedByEsp', 'Whether staff viewed the file', WHY.fileViewedByEsp);
  }
  if (hasExif && file.exifViewedByEsp === undefined) {
    add('exifViewedByEsp', 'Whether staff viewed the EXIF data', WHY.exifViewedByEsp);
  }
  if (isBlank(file.originalFileName)) add('originalFileName', 'Original file name', WHY.originalFileName);
  if (isBlank(file.uploadedToEspTimestamp)) {
    add('uploadedToEspTimestamp', 'When it was uploaded to you', WHY.uploadedToEspTimestamp);
  }
  if (file.fileRelevance === undefined) {
    add('fileRelevance', 'Why the file is in the report', WHY.fileRelevance);
  }
  if (file.fileRelevance === 'Reported' && file.industryClassification === undefined) {
    add('industryClassification', 'Industry classification', WHY.industryClassification);
  }
  if (file.publiclyAvailable === undefined) {
    add('publiclyAvailable', 'Whether it was public', WHY.publiclyAvailable);
  }
  if (!file.ipCaptureEvent) add('ipCaptureEvent', 'Upload IP address and time', WHY.fileIpCaptureEvent);
  return out;
}

/** Where the report suggests the people involved are, in words, or undefined when it gives no hint. */
function possibleLocation(report: ReportDraft, files: readonly FileDetailsDraft[]): string | undefined {
  const users = report.personOrUserReported ?? [];
  const hasIp = (events: readonly Draft<IpCaptureEvent>[] | undefined) =>
    (events ?? []).some((event) => nonBlank(event.ipAddress));
  const located = (l: ReportedUser['estimatedLocation']) =>
    Boolean(l && (nonBlank(l.city) || nonBlank(l.region) || nonBlank(l.countryCode)));
  if (
    users.some(
      (u) => hasIp(u.ipCaptureEvent) || (u.associatedAccount ?? []).some((a) => hasIp(a.ipCaptureEvent)),
    )
  ) {
    return 'an IP address of the reported user';
  }
  if (files.some((file) => file.ipCaptureEvent && nonBlank(file.ipCaptureEvent.ipAddress))) {
    return 'the IP address a file was uploaded from';
  }
  if (
    users.some((u) => located(u.estimatedLocation)) ||
    (report.victim ?? []).some((v) => located(v.estimatedLocation))
  ) {
    return 'an estimated location';
  }
  const people = [
    ...users.map((u) => u.personOrUserReportedPerson),
    ...(report.victim ?? []).map((v) => v.victimPerson),
  ];
  if (people.some((p) => (p?.address ?? []).length > 0)) return 'a postal address';
  for (const details of report.internetDetails ?? []) {
    if ('cellPhoneIncident' in details && details.cellPhoneIncident?.latitude !== undefined) {
      return 'coordinates of the phone';
    }
    if ('nonInternetIncident' in details && (details.nonInternetIncident?.incidentAddress ?? []).length > 0) {
      return 'the address where it happened';
    }
    if ('peer2peerIncident' in details && hasIp(details.peer2peerIncident?.ipCaptureEvent)) {
      return 'a peer-to-peer IP address';
    }
  }
  return undefined;
}

function estimateReferral(report: ReportDraft, files: readonly FileDetailsDraft[]): ReferralEstimate {
  const ownUsers = (report.personOrUserReported ?? []).filter((u) => u.thirdPartyUserReported !== true);
  const userDetails = ownUsers.some(userIdentified);
  const imagery = files.length > 0;
  const location = possibleLocation(report, files);
  return {
    likely: userDetails && imagery && location !== undefined ? 'referral' : 'informational',
    reasons: [
      userDetails
        ? 'User details: a reported user of your service is identified.'
        : 'No user details: no reported user of your service has a screen name, user id, profile URL, email, ' +
          'phone or full name.',
      imagery
        ? `Imagery: ${files.length} file(s) go with the report.`
        : 'No imagery: no files go with the report.',
      location === undefined
        ? 'No possible location: no IP address, estimated location, address or coordinates.'
        : `Possible location: ${location}.`,
    ],
  };
}

/** What blocks export, what is worth adding and why, and whether NCMEC is likely to refer the report. */
export function assessCompleteness(
  report: ReportDraft,
  files: readonly FileDetailsDraft[] = [],
  options: RuleOptions = {},
): Completeness {
  const blocking: BlockingIssue[] = [];
  const parsed = reportSchema.safeParse(report);
  if (!parsed.success) blocking.push(...schemaIssues(parsed.error.issues, report, 'report'));
  blocking.push(
    ...checkNcmecRules(reportTree(report), options).map(({ path, message }) => ({ path, message })),
  );
  const recommended = recommendReport(report, files.length);

  files.forEach((file, index) => {
    // NCMEC assigns reportId and fileId at upload, so they are not the reviewer's to fill in.
    const { reportId: _reportId, fileId: _fileId, ...description } = file;
    const parsedFile = fileDescriptionSchema.safeParse(description);
    const issues = parsedFile.success
      ? []
      : schemaIssues(parsedFile.error.issues, description, 'fileDetails');
    const violations = checkNcmecRules(fileDetailsTree(file), options);
    for (const { path, message } of [...issues, ...violations]) blocking.push({ file: index, path, message });
    recommended.push(...recommendFile(file, index));
  });

  return {
    exportable: blocking.length === 0,
    blocking,
    recommended,
    referral: estimateReferral(report, files),
  };
}
