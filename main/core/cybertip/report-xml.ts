// Builds CyberTipline XML from the model in exact schema order: the `<report>` and `<fileDetails>` element
// trees (./xml-tree), printed as UTF-8 XML. Empty optionals are omitted and annotation flags appear only when
// true. It never changes what a field says: text XML cannot carry is refused by the printer, not cleaned.
import {
  internetIncidentKinds,
  type AccountPermanentlyDisabled,
  type AccountTemporarilyDisabled,
  type Address,
  type AssociatedAccount,
  type ContactPerson,
  type DeviceId,
  type Draft,
  type Email,
  type EstimatedLocation,
  type InternetDetails,
  type InternetIncidentKind,
  type IpCaptureEvent,
  type Person,
  type Phone,
  type Report,
  type ReportDraft,
} from '../../../shared/cybertip';
import {
  each,
  element,
  flag,
  flatten,
  leaf,
  printXml,
  texts,
  type Child,
  type Value,
  type XmlElementNode,
} from './xml-tree';

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

export function ipCaptureEvent(e: Draft<IpCaptureEvent>): Child {
  return element('ipCaptureEvent', {}, [
    leaf('ipAddress', e.ipAddress),
    leaf('eventName', e.eventName),
    leaf('dateTime', e.dateTime),
    leaf('possibleProxy', e.possibleProxy),
    leaf('port', e.port),
  ]);
}

export function deviceId(d: Draft<DeviceId>): Child {
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

/** One kind of incident as the model holds it (a draft: any field may be missing). */
type IncidentDraft<K extends InternetIncidentKind> = Draft<Extract<InternetDetails, Record<K, unknown>>[K]>;

/** Each kind of incident's attributes and children, in schema order. */
const incidentContent: {
  [K in InternetIncidentKind]: (incident: IncidentDraft<K>) => [Record<string, Value>, Child[]];
} = {
  webPageIncident: (w) => [
    { thirdPartyHostedContent: w.thirdPartyHostedContent },
    [texts('url', w.url), leaf('additionalInfo', w.additionalInfo)],
  ],
  emailIncident: (e) => [
    {},
    [
      each(e.emailAddress, (x) => email('emailAddress', x)),
      leaf('content', e.content),
      leaf('additionalInfo', e.additionalInfo),
    ],
  ],
  newsgroupIncident: (n) => [
    {},
    [
      leaf('name', n.name),
      each(n.emailAddress, (x) => email('emailAddress', x)),
      leaf('content', n.content),
      leaf('additionalInfo', n.additionalInfo),
    ],
  ],
  chatImIncident: (c) => [
    {},
    [
      leaf('chatClient', c.chatClient),
      leaf('chatRoomName', c.chatRoomName),
      leaf('content', c.content),
      leaf('additionalInfo', c.additionalInfo),
    ],
  ],
  onlineGamingIncident: (g) => [
    {},
    [
      leaf('gameName', g.gameName),
      leaf('console', g.console),
      leaf('content', g.content),
      leaf('additionalInfo', g.additionalInfo),
    ],
  ],
  cellPhoneIncident: (c) => [
    {},
    [
      c.phoneNumber && phone('phoneNumber', c.phoneNumber),
      leaf('latitude', c.latitude),
      leaf('longitude', c.longitude),
      leaf('additionalInfo', c.additionalInfo),
    ],
  ],
  nonInternetIncident: (n) => [
    {},
    [
      leaf('locationName', n.locationName),
      each(n.incidentAddress, (x) => address('incidentAddress', x)),
      leaf('additionalInfo', n.additionalInfo),
    ],
  ],
  peer2peerIncident: (p) => [
    {},
    [
      leaf('client', p.client),
      each(p.ipCaptureEvent, ipCaptureEvent),
      leaf('fileNames', p.fileNames),
      leaf('additionalInfo', p.additionalInfo),
    ],
  ],
};

/** The incident element(s) of one internetDetails, required even when empty; the XSD's choice allows one. */
function incidents(d: Draft<InternetDetails>): Child[] {
  const held = d as Partial<Record<InternetIncidentKind, unknown>>;
  return internetIncidentKinds.map((kind) => {
    const incident = held[kind];
    if (!incident) return undefined;
    // The table's entry for `kind` reads exactly the incident stored under `kind`.
    const content = incidentContent[kind] as (i: unknown) => [Record<string, Value>, Child[]];
    const [attributes, children] = content(incident);
    return element(kind, attributes, children, true);
  });
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

/** The XML `POST /submit` sends. Throws XmlCharacterError for text XML cannot carry. */
export function reportToXml(report: Report): string {
  return printXml(reportTree(report));
}
