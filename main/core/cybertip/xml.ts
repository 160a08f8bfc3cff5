// Serialises the CyberTipline model to XML in exact schema order: an element tree (also what the rules and
// completeness check) printed as UTF-8 XML. Empty optionals are omitted and annotation flags appear only
// when true. It never changes what a field says: text XML cannot carry is refused, not cleaned.
import { InvalidInputError } from '../errors';
import {
  XML_TEXT,
  type AccountPermanentlyDisabled,
  type AccountTemporarilyDisabled,
  type Address,
  type AssociatedAccount,
  type ContactPerson,
  type DeviceId,
  type Draft,
  type Email,
  type EstimatedLocation,
  type FileDetails,
  type FileDetailsDraft,
  type InternetDetails,
  type IpCaptureEvent,
  type Person,
  type Phone,
  type Report,
  type ReportDraft,
} from '../../../shared/cybertip';

/** An element with either text or child elements (the XSD has no mixed content). */
export interface XmlElementNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlElementNode[];
  text: string;
  /** Line in the source document, for elements that were parsed rather than built. */
  line?: number;
}

/** Text of /report/... that XML 1.0 cannot represent (a control character, a lone surrogate). */
export class XmlCharacterError extends InvalidInputError {
  constructor(
    readonly path: string,
    codePoint: number,
  ) {
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    super(
      `${path} contains the character U+${hex}, which XML cannot carry. Remove it from that field; ` +
        'nothing was exported.',
      [{ path, message: `contains U+${hex}` }],
    );
  }
}

/** xs:dateTime in UTC, e.g. 2025-01-15T12:30:00Z (milliseconds only when there are some). */
export function xsdDateTime(instant: Date): string {
  return instant.toISOString().replace('.000Z', 'Z');
}

/** xs:date of the UTC day, e.g. 2025-01-15. */
export function xsdDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** Paths of an element's children as libxml2 writes them: `name`, or `name[i]` when the name repeats. */
export function childPaths(parentPath: string, children: readonly XmlElementNode[]): string[] {
  const counts = new Map<string, number>();
  for (const child of children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return children.map((child) => {
    const index = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, index);
    return (counts.get(child.name) ?? 0) > 1
      ? `${parentPath}/${child.name}[${index}]`
      : `${parentPath}/${child.name}`;
  });
}

// ---- Printing ----

function checkCharacters(value: string, path: string): void {
  if (XML_TEXT.test(value)) return;
  for (const char of value) {
    if (!XML_TEXT.test(char)) throw new XmlCharacterError(path, char.codePointAt(0) ?? 0);
  }
}

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attributeEscapes: Record<string, string> = {
  ...textEscapes,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

function escapeText(value: string, path: string): string {
  checkCharacters(value, path);
  return value.replace(/[&<>\r]/g, (c) => textEscapes[c] ?? c);
}

function escapeAttribute(value: string, path: string): string {
  checkCharacters(value, path);
  return value.replace(/[&<>"\t\n\r]/g, (c) => attributeEscapes[c] ?? c);
}

function printElement(node: XmlElementNode, path: string, indent: string, out: string[]): void {
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value, `${path}/@${name}`)}"`)
    .join('');
  if (node.children.length > 0) {
    out.push(`${indent}<${node.name}${attributes}>`);
    const paths = childPaths(path, node.children);
    node.children.forEach((child, i) => printElement(child, paths[i] ?? path, `${indent}  `, out));
    out.push(`${indent}</${node.name}>`);
  } else if (node.text !== '') {
    out.push(`${indent}<${node.name}${attributes}>${escapeText(node.text, path)}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attributes}/>`);
  }
}

/** The document: UTF-8 declaration, two-space indentation, text exactly as given. */
export function printXml(root: XmlElementNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  printElement(root, `/${root.name}`, '', out);
  return `${out.join('\n')}\n`;
}

// ---- Building the tree in schema order ----

type Value = string | number | boolean | undefined;
type Child = XmlElementNode | undefined | Child[];

function format(value: Value): string | undefined {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

function formatAttributes(attributes: Record<string, Value>): Record<string, string> {
  const formatted: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const text = format(value);
    if (text !== undefined) formatted[name] = text;
  }
  return formatted;
}

function flatten(children: readonly Child[], into: XmlElementNode[] = []): XmlElementNode[] {
  for (const child of children) {
    if (child === undefined) continue;
    if (Array.isArray(child)) flatten(child, into);
    else into.push(child);
  }
  return into;
}

/** A text element, omitted when its value is missing or empty. */
function leaf(
  name: string,
  value: Value,
  attributes: Record<string, Value> = {},
): XmlElementNode | undefined {
  const text = format(value);
  if (text === undefined) return undefined;
  return { name, attributes: formatAttributes(attributes), children: [], text };
}

/** A text element the XSD requires even when empty (a name/value pair's value may be ""). */
function requiredLeaf(name: string, value: string | undefined): XmlElementNode | undefined {
  return value === undefined ? undefined : { name, attributes: {}, children: [], text: value };
}

/** A fixed="true" annotation flag: present only when true. */
function flag(name: string, value: boolean | undefined): XmlElementNode | undefined {
  return value === true ? leaf(name, true) : undefined;
}

/** An element with children; omitted when empty unless the XSD requires it (`required`). */
function element(
  name: string,
  attributes: Record<string, Value>,
  children: readonly Child[],
  required = false,
): XmlElementNode | undefined {
  const node = { name, attributes: formatAttributes(attributes), children: flatten(children), text: '' };
  if (!required && node.children.length === 0 && Object.keys(node.attributes).length === 0) return undefined;
  return node;
}

function each<T>(items: readonly T[] | undefined, build: (item: T) => Child): Child[] {
  return (items ?? []).map(build);
}

function texts(name: string, values: readonly (string | number)[] | undefined): Child[] {
  return each(values, (value) => leaf(name, value));
}

function address(name: string, a: Draft<Address>): Child {
  return element(name, { type: a.type }, [
    leaf('address', a.address),
    leaf('city', a.city),
    leaf('zipCode', a.zipCode),
    leaf('state', a.state),
    leaf('nonUsaState', a.nonUsaState),
    leaf('country', a.country),
  ]);
}

function email(name: string, e: Draft<Email>): Child {
  return leaf(name, e.value, { type: e.type, verified: e.verified, verificationDate: e.verificationDate });
}

function phone(name: string, p: Draft<Phone>): Child {
  return leaf(name, p.value, {
    type: p.type,
    verified: p.verified,
    verificationDate: p.verificationDate,
    countryCallingCode: p.countryCallingCode,
    extension: p.extension,
  });
}

function contactFields(p: Draft<ContactPerson>): Child[] {
  return [
    leaf('firstName', p.firstName),
    leaf('lastName', p.lastName),
    each(p.phone, (x) => phone('phone', x)),
    each(p.email, (x) => email('email', x)),
    each(p.address, (x) => address('address', x)),
  ];
}

function contactPerson(name: string, p: Draft<ContactPerson> | undefined): Child {
  return p && element(name, {}, contactFields(p));
}

function person(name: string, p: Draft<Person> | undefined, required = false): Child {
  const fields = p ? [...contactFields(p), leaf('age', p.age), leaf('dateOfBirth', p.dateOfBirth)] : [];
  return p || required ? element(name, {}, fields, required) : undefined;
}

function ipCaptureEvent(e: Draft<IpCaptureEvent>): Child {
  return element('ipCaptureEvent', {}, [
    leaf('ipAddress', e.ipAddress),
    leaf('eventName', e.eventName),
    leaf('dateTime', e.dateTime),
    leaf('possibleProxy', e.possibleProxy),
    leaf('port', e.port),
  ]);
}

function deviceId(d: Draft<DeviceId>): Child {
  return element('deviceId', {}, [
    leaf('idType', d.idType),
    leaf('idValue', d.idValue),
    leaf('eventName', d.eventName),
    leaf('dateTime', d.dateTime),
  ]);
}

function accountDisabled(
  name: string,
  a: Draft<AccountTemporarilyDisabled> | Draft<AccountPermanentlyDisabled> | undefined,
): Child {
  return (
    a &&
    leaf(name, a.value, {
      disabledDate: a.disabledDate,
      userNotified: a.userNotified,
      userNotifiedDate: a.userNotifiedDate,
      reenabledDate: 'reenabledDate' in a ? a.reenabledDate : undefined,
    })
  );
}

function estimatedLocation(l: Draft<EstimatedLocation> | undefined): Child {
  return (
    l &&
    element('estimatedLocation', { verified: l.verified, timestamp: l.timestamp }, [
      leaf('city', l.city),
      leaf('region', l.region),
      leaf('countryCode', l.countryCode),
    ])
  );
}

function associatedAccount(a: Draft<AssociatedAccount>): Child {
  return element('associatedAccount', { type: a.type }, [
    a.platform && leaf('platform', a.platform.value, { thirdPartyUser: a.platform.thirdPartyUser }),
    leaf('firstName', a.firstName),
    leaf('middleName', a.middleName),
    leaf('lastName', a.lastName),
    leaf('approximateAge', a.approximateAge),
    leaf('dateOfBirth', a.dateOfBirth),
    each(a.phone, (x) => phone('phone', x)),
    each(a.email, (x) => email('email', x)),
    leaf('allEmailsReported', a.allEmailsReported),
    each(a.address, (x) => address('address', x)),
    leaf('espService', a.espService),
    leaf('espIdentifier', a.espIdentifier),
    texts('profileUrl', a.profileUrl),
    leaf('screenName', a.screenName),
    texts('displayName', a.displayName),
    leaf('profileBio', a.profileBio),
    leaf('groupIdentifier', a.groupIdentifier),
    leaf('compromisedAccount', a.compromisedAccount),
    accountDisabled('accountTemporarilyDisabled', a.accountTemporarilyDisabled),
    accountDisabled('accountPermanentlyDisabled', a.accountPermanentlyDisabled),
    each(a.ipCaptureEvent, ipCaptureEvent),
    each(a.deviceId, deviceId),
    texts('priorCTReport', a.priorCTReport),
    leaf('additionalInfo', a.additionalInfo),
  ]);
}

function incidentSummary(s: ReportDraft['incidentSummary']): Child {
  const annotations = s?.reportAnnotations;
  return element(
    'incidentSummary',
    {},
    [
      leaf('incidentType', s?.incidentType),
      leaf('platform', s?.platform),
      leaf('escalateToHighPriority', s?.escalateToHighPriority),
      annotations &&
        element('reportAnnotations', {}, [
          flag('sextortion', annotations.sextortion),
          flag('csamSolicitation', annotations.csamSolicitation),
          flag('minorToMinorInteraction', annotations.minorToMinorInteraction),
          flag('spam', annotations.spam),
          flag('sadisticOnlineExploitation', annotations.sadisticOnlineExploitation),
        ]),
      leaf('incidentDateTime', s?.incidentDateTime),
      leaf('incidentDateTimeDescription', s?.incidentDateTimeDescription),
    ],
    true,
  );
}

/** The incident element(s) of one internetDetails; the XSD's choice allows exactly one. */
function incidents(d: Draft<InternetDetails>): Child[] {
  const found: Child[] = [];
  if ('webPageIncident' in d && d.webPageIncident) {
    const w = d.webPageIncident;
    found.push(
      element(
        'webPageIncident',
        { thirdPartyHostedContent: w.thirdPartyHostedContent },
        [texts('url', w.url), leaf('additionalInfo', w.additionalInfo)],
        true,
      ),
    );
  }
  if ('emailIncident' in d && d.emailIncident) {
    const e = d.emailIncident;
    found.push(
      element(
        'emailIncident',
        {},
        [
          each(e.emailAddress, (x) => email('emailAddress', x)),
          leaf('content', e.content),
          leaf('additionalInfo', e.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('newsgroupIncident' in d && d.newsgroupIncident) {
    const n = d.newsgroupIncident;
    found.push(
      element(
        'newsgroupIncident',
        {},
        [
          leaf('name', n.name),
          each(n.emailAddress, (x) => email('emailAddress', x)),
          leaf('content', n.content),
          leaf('additionalInfo', n.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('chatImIncident' in d && d.chatImIncident) {
    const c = d.chatImIncident;
    found.push(
      element(
        'chatImIncident',
        {},
        [
          leaf('chatClient', c.chatClient),
          leaf('chatRoomName', c.chatRoomName),
          leaf('content', c.content),
          leaf('additionalInfo', c.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('onlineGamingIncident' in d && d.onlineGamingIncident) {
    const g = d.onlineGamingIncident;
    found.push(
      element(
        'onlineGamingIncident',
        {},
        [
          leaf('gameName', g.gameName),
          leaf('console', g.console),
          leaf('content', g.content),
          leaf('additionalInfo', g.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('cellPhoneIncident' in d && d.cellPhoneIncident) {
    const c = d.cellPhoneIncident;
    found.push(
      element(
        'cellPhoneIncident',
        {},
        [
          c.phoneNumber && phone('phoneNumber', c.phoneNumber),
          leaf('latitude', c.latitude),
          leaf('longitude', c.longitude),
          leaf('additionalInfo', c.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('nonInternetIncident' in d && d.nonInternetIncident) {
    const n = d.nonInternetIncident;
    found.push(
      element(
        'nonInternetIncident',
        {},
        [
          leaf('locationName', n.locationName),
          each(n.incidentAddress, (x) => address('incidentAddress', x)),
          leaf('additionalInfo', n.additionalInfo),
        ],
        true,
      ),
    );
  }
  if ('peer2peerIncident' in d && d.peer2peerIncident) {
    const p = d.peer2peerIncident;
    found.push(
      element(
        'peer2peerIncident',
        {},
        [
          leaf('client', p.client),
          each(p.ipCaptureEvent, ipCaptureEvent),
          leaf('fileNames', p.fileNames),
          leaf('additionalInfo', p.additionalInfo),
        ],
        true,
      ),
    );
  }
  return found;
}

function lawEnforcement(l: ReportDraft['lawEnforcement']): Child {
  return (
    l &&
    element('lawEnforcement', {}, [
      leaf('agencyName', l.agencyName),
      leaf('caseNumber', l.caseNumber),
      contactPerson('officerContact', l.officerContact),
      leaf('reportedToLe', l.reportedToLe),
      leaf('servedLegalProcessDomestic', l.servedLegalProcessDomestic),
      l.servedLegalProcessInternational &&
        leaf('servedLegalProcessInternational', l.servedLegalProcessInternational.value, {
          fleaCountry: l.servedLegalProcessInternational.fleaCountry,
        }),
    ])
  );
}

function reporter(r: ReportDraft['reporter']): Child {
  return element(
    'reporter',
    {},
    [
      person('reportingPerson', r?.reportingPerson, true),
      contactPerson('contactPerson', r?.contactPerson),
      leaf('companyTemplate', r?.companyTemplate),
      leaf('termsOfService', r?.termsOfService),
      leaf('legalURL', r?.legalURL),
    ],
    true,
  );
}

type PersonOrUserReportedDraft = NonNullable<ReportDraft['personOrUserReported']>[number];
type IntendedRecipientDraft = NonNullable<ReportDraft['intendedRecipient']>[number];
type VictimDraft = NonNullable<ReportDraft['victim']>[number];

function personOrUserReported(p: PersonOrUserReportedDraft): Child {
  return element('personOrUserReported', {}, [
    person('personOrUserReportedPerson', p.personOrUserReportedPerson),
    leaf('vehicleDescription', p.vehicleDescription),
    leaf('espIdentifier', p.espIdentifier),
    leaf('espService', p.espService),
    leaf('compromisedAccount', p.compromisedAccount),
    leaf('screenName', p.screenName),
    texts('displayName', p.displayName),
    texts('profileUrl', p.profileUrl),
    leaf('profileBio', p.profileBio),
    each(p.ipCaptureEvent, ipCaptureEvent),
    each(p.deviceId, deviceId),
    leaf('thirdPartyUserReported', p.thirdPartyUserReported),
    texts('priorCTReports', p.priorCTReports),
    leaf('groupIdentifier', p.groupIdentifier),
    accountDisabled('accountTemporarilyDisabled', p.accountTemporarilyDisabled),
    accountDisabled('accountPermanentlyDisabled', p.accountPermanentlyDisabled),
    estimatedLocation(p.estimatedLocation),
    leaf('allEmailsReported', p.allEmailsReported),
    each(p.associatedAccount, associatedAccount),
    leaf('additionalInfo', p.additionalInfo),
  ]);
}

function intendedRecipient(r: IntendedRecipientDraft): Child {
  return element('intendedRecipient', {}, [
    person('intendedRecipientPerson', r.intendedRecipientPerson),
    leaf('espIdentifier', r.espIdentifier),
    leaf('espService', r.espService),
    leaf('compromisedAccount', r.compromisedAccount),
    leaf('screenName', r.screenName),
    texts('displayName', r.displayName),
    texts('profileUrl', r.profileUrl),
    leaf('profileBio', r.profileBio),
    each(r.ipCaptureEvent, ipCaptureEvent),
    each(r.deviceId, deviceId),
    texts('priorCTReports', r.priorCTReports),
    leaf('groupIdentifier', r.groupIdentifier),
    accountDisabled('accountTemporarilyDisabled', r.accountTemporarilyDisabled),
    accountDisabled('accountPermanentlyDisabled', r.accountPermanentlyDisabled),
    estimatedLocation(r.estimatedLocation),
    leaf('allEmailsReported', r.allEmailsReported),
    texts('additionalInfo', r.additionalInfo),
  ]);
}

function victim(v: VictimDraft): Child {
  return element('victim', {}, [
    person('victimPerson', v.victimPerson, true),
    leaf('espIdentifier', v.espIdentifier),
    leaf('espService', v.espService),
    leaf('compromisedAccount', v.compromisedAccount),
    leaf('screenName', v.screenName),
    texts('displayName', v.displayName),
    texts('profileUrl', v.profileUrl),
    leaf('profileBio', v.profileBio),
    each(v.ipCaptureEvent, ipCaptureEvent),
    each(v.deviceId, deviceId),
    leaf('schoolName', v.schoolName),
    texts('priorCTReports', v.priorCTReports),
    accountDisabled('accountTemporarilyDisabled', v.accountTemporarilyDisabled),
    accountDisabled('accountPermanentlyDisabled', v.accountPermanentlyDisabled),
    estimatedLocation(v.estimatedLocation),
    leaf('allEmailsReported', v.allEmailsReported),
    each(v.associatedAccount, associatedAccount),
    leaf('additionalInfo', v.additionalInfo),
  ]);
}

/** The `<report>` element tree of a (possibly incomplete) report, in schema order. */
export function reportTree(report: ReportDraft): XmlElementNode {
  return {
    name: 'report',
    attributes: {},
    text: '',
    children: flatten([
      report.batchedReport && element('batchedReport', { reason: report.batchedReport.reason }, []),
      incidentSummary(report.incidentSummary),
      each(report.internetDetails, (d) => element('internetDetails', {}, incidents(d))),
      lawEnforcement(report.lawEnforcement),
      reporter(report.reporter),
      each(report.personOrUserReported, personOrUserReported),
      each(report.intendedRecipient, intendedRecipient),
      each(report.victim, victim),
      leaf('additionalInfo', report.additionalInfo),
    ]),
  };
}

/** The `<fileDetails>` element tree of a (possibly incomplete) file description, in schema order. */
export function fileDetailsTree(file: FileDetailsDraft): XmlElementNode {
  const annotations = file.fileAnnotations;
  return {
    name: 'fileDetails',
    attributes: {},
    text: '',
    children: flatten([
      leaf('reportId', file.reportId),
      leaf('fileId', file.fileId),
      leaf('fileName', file.fileName),
      leaf('originalFileName', file.originalFileName),
      leaf('uploadedToEspTimestamp', file.uploadedToEspTimestamp),
      leaf('locationOfFile', file.locationOfFile),
      leaf('fileViewedByEsp', file.fileViewedByEsp),
      leaf('exifViewedByEsp', file.exifViewedByEsp),
      leaf('publiclyAvailable', file.publiclyAvailable),
      leaf('fileRelevance', file.fileRelevance),
      leaf('potentialMeme', file.potentialMeme),
      annotations &&
        element('fileAnnotations', {}, [
          flag('animeDrawingVirtualHentai', annotations.animeDrawingVirtualHentai),
          flag('potentialMeme', annotations.potentialMeme),
          flag('viral', annotations.viral),
          flag('possibleSelfProduction', annotations.possibleSelfProduction),
          flag('physicalHarm', annotations.physicalHarm),
          flag('violenceGore', annotations.violenceGore),
          flag('bestiality', annotations.bestiality),
          flag('liveStreaming', annotations.liveStreaming),
          flag('infant', annotations.infant),
          flag('generativeAi', annotations.generativeAi),
        ]),
      leaf('industryClassification', file.industryClassification),
      each(file.originalFileHash, (h) => leaf('originalFileHash', h.value, { hashType: h.hashType })),
      file.ipCaptureEvent && ipCaptureEvent(file.ipCaptureEvent),
      each(file.deviceId, deviceId),
      each(file.details, (d) =>
        element(
          'details',
          { type: d.type },
          each(d.nameValuePair, (pair) =>
            element('nameValuePair', {}, [leaf('name', pair.name), requiredLeaf('value', pair.value)], true),
          ),
        ),
      ),
      texts('additionalInfo', file.additionalInfo),
    ]),
  };
}

/** The XML `POST /submit` sends. Throws XmlCharacterError for text XML cannot carry. */
export function reportToXml(report: Report): string {
  return printXml(reportTree(report));
}

/** The XML `POST /fileinfo` sends. Throws XmlCharacterError for text XML cannot carry. */
export function fileDetailsToXml(fileDetails: FileDetails): string {
  return printXml(fileDetailsTree(fileDetails));
}
