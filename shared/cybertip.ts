// The CyberTipline report model, shared by the core and the report builder screen: every element,
// attribute and enumeration of NCMEC's cyber_tipline.xsd as TypeScript types with zod schemas that check
// input. Names are the XSD's; repeatable elements are arrays. Data only: no XML, no validation of XML, no I/O.
import { z } from 'zod';

/** Characters XML 1.0 can carry; anything else (most C0 controls, lone surrogates, U+FFFE/FFFF) cannot. */
export const XML_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** Attribute names of the XSD. No element shares one of these names, so a model key names one or the other. */
export const ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'type',
  'verified',
  'verificationDate',
  'countryCallingCode',
  'extension',
  'thirdPartyHostedContent',
  'fleaCountry',
  'disabledDate',
  'userNotified',
  'userNotifiedDate',
  'reenabledDate',
  'timestamp',
  'thirdPartyUser',
  'hashType',
  'reason',
]);

// ---- Enumerations, in the XSD's order ----

export const incidentTypes = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;
export const addressTypes = ['Home', 'Business', 'Billing', 'Shipping', 'Technical'] as const;
export const emailTypes = ['Home', 'Work', 'Business', 'Recovery'] as const;
export const phoneTypes = ['Mobile', 'Home', 'Business', 'Work', 'Fax', 'Internet', 'Recovery'] as const;
export const batchedReportReasons = ['VIRAL_POTENTIAL_MEME'] as const;
export const ipCaptureTypes = ['Login', 'Registration', 'Purchase', 'Upload', 'Other', 'Unknown'] as const;
export const associatedAccountTypes = [
  'Billing',
  'Linked',
  'Business',
  'Creator',
  'Parent/Guardian',
  'Other',
] as const;
export const fileRelevances = ['Reported', 'Supplemental Reported'] as const;
/** A = prepubescent, B = pubescent; 1 = sex act, 2 = lascivious exhibition (industry hash-sharing MOU). */
export const fileClassifications = ['A1', 'A2', 'B1', 'B2'] as const;
export const metadataTypes = ['EXIF', 'HASH'] as const;

/** The XSD's `country` type: ISO 3166-1 alpha-2 codes plus a few legacy ones, and the empty value. */
// prettier-ignore
export const countryCodes = [
  '', 'A1', 'A2', 'O1', 'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AN', 'AO', 'AP', 'AQ', 'AR', 'AS',
  'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN',
  'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK',
  'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CX', 'CW', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ',
  'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'EU', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'FX', 'GA', 'GB',
  'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY',
  'HK', 'HM', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE',
  'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC',
  'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML',
  'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NE',
  'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL',
  'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD',
  'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ',
  'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA',
  'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU', 'WF', 'WS', 'XK', 'YE', 'YT',
  'ZA', 'ZM', 'ZW',
] as const;

/** The XSD's `state` type: US states, DC and territories by USPS code, and the empty value. */
// prettier-ignore
export const stateCodes = [
  '', 'AK', 'AL', 'AR', 'AZ', 'CA', 'CO', 'CT', 'DC', 'DE', 'FL', 'GA', 'GU', 'HI', 'IA', 'ID', 'IL',
  'IN', 'KS', 'KY', 'LA', 'MA', 'MD', 'ME', 'MI', 'MN', 'MO', 'MS', 'MT', 'NC', 'ND', 'NE', 'NH', 'NJ',
  'NM', 'NV', 'NY', 'OH', 'OK', 'OR', 'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VA', 'VI', 'VT',
  'WA', 'WI', 'WV', 'WY',
] as const;

export type IncidentType = (typeof incidentTypes)[number];
export type AddressType = (typeof addressTypes)[number];
export type EmailType = (typeof emailTypes)[number];
export type PhoneType = (typeof phoneTypes)[number];
export type IpCaptureType = (typeof ipCaptureTypes)[number];
export type AssociatedAccountType = (typeof associatedAccountTypes)[number];
export type FileRelevance = (typeof fileRelevances)[number];
export type FileClassification = (typeof fileClassifications)[number];
export type MetadataType = (typeof metadataTypes)[number];
export type CountryCode = (typeof countryCodes)[number];
export type StateCode = (typeof stateCodes)[number];

/**
 * Elements whose model is { value, ...attributes }: `value` is the element's own text, so an element path
 * names the element, not a `value` child. Used by the core's completeness messages and the builder alike.
 */
export const SIMPLE_CONTENT: ReadonlySet<string> = new Set([
  'email',
  'phone',
  'emailAddress',
  'phoneNumber',
  'platform',
  'servedLegalProcessInternational',
  'accountTemporarilyDisabled',
  'accountPermanentlyDisabled',
  'originalFileHash',
]);

// ---- Simple types ----

/** xs:string: any text XML can carry. */
const text = z
  .string()
  .regex(XML_TEXT, 'Contains a character XML cannot carry (a control character or a broken surrogate).');
/** An xs:string the XSD requires: blank counts as missing. */
const requiredText = text.regex(/\S/, 'Required: fill this in.');
/** xs:dateTime. Stricter than the XSD: a time zone is required, so the instant is never ambiguous. */
const dateTime = z.iso.datetime({
  offset: true,
  error: 'Give a date and time with a time zone, e.g. 2025-01-15T12:30:00Z.',
});
/** xs:date */
const date = z.iso.date({ error: 'Give a date as YYYY-MM-DD.' });
/** xs:long identifiers (CyberTipline report numbers). */
const reportNumber = z.int().positive('A CyberTipline report number is a positive whole number.');
const age = z.int().min(0).max(150, 'An age is between 0 and 150.');
const port = z.int().min(0).max(65535, 'A port is between 0 and 65535.');
/** xs:token: no leading, trailing or repeated spaces, no tabs or line breaks. */
const token = z
  .string()
  .regex(/^[^\s]+( [^\s]+)*$/, 'Give a value without leading, trailing or repeated spaces.');
const country = z.enum(countryCodes, { error: 'Use a two-letter country code from the XSD (e.g. US, GB).' });
const state = z.enum(stateCodes, { error: 'Use a two-letter US state or territory code (e.g. CA).' });
const ipCaptureType = z.enum(ipCaptureTypes);

// ---- Shared complex types ----

export const addressSchema = z.strictObject({
  type: z.enum(addressTypes).optional(),
  address: text.optional(),
  city: text.optional(),
  zipCode: text.optional(),
  state: state.optional(),
  nonUsaState: text.optional(),
  country: country.optional(),
});

export const emailSchema = z.strictObject({
  value: text,
  type: z.enum(emailTypes).optional(),
  verified: z.boolean().optional(),
  verificationDate: dateTime.optional(),
});

export const phoneSchema = z.strictObject({
  value: text,
  type: z.enum(phoneTypes).optional(),
  verified: z.boolean().optional(),
  verificationDate: dateTime.optional(),
  countryCallingCode: z
    .string()
    .regex(/^\+[0-9]{1,3}$/, 'A country calling code is + and one to three digits, e.g. +1.')
    .optional(),
  extension: z
    .string()
    .regex(/^[0-9]+$/, 'An extension is digits only.')
    .optional(),
});

export const personSchema = z.strictObject({
  firstName: text.optional(),
  lastName: text.optional(),
  phone: z.array(phoneSchema).optional(),
  email: z.array(emailSchema).optional(),
  address: z.array(addressSchema).optional(),
  age: age.optional(),
  dateOfBirth: date.optional(),
});

export const contactPersonSchema = z.strictObject({
  firstName: text.optional(),
  lastName: text.optional(),
  phone: z.array(phoneSchema).optional(),
  email: z.array(emailSchema).optional(),
  address: z.array(addressSchema).optional(),
});

export const ipCaptureEventSchema = z.strictObject({
  ipAddress: requiredText,
  eventName: ipCaptureType.optional(),
  dateTime: dateTime.optional(),
  possibleProxy: z.boolean().optional(),
  port: port.optional(),
});

export const deviceIdSchema = z.strictObject({
  idType: requiredText,
  idValue: requiredText,
  eventName: ipCaptureType.optional(),
  dateTime: dateTime.optional(),
});

export const estimatedLocationSchema = z.strictObject({
  verified: z.boolean().optional(),
  timestamp: dateTime.optional(),
  city: text.optional(),
  region: text.optional(),
  countryCode: country.optional(),
});

/** simpleContent xs:boolean: `value` is the element's text. */
export const accountTemporarilyDisabledSchema = z.strictObject({
  value: z.boolean(),
  disabledDate: dateTime.optional(),
  userNotified: z.boolean().optional(),
  userNotifiedDate: dateTime.optional(),
  reenabledDate: dateTime.optional(),
});

export const accountPermanentlyDisabledSchema = z.strictObject({
  value: z.boolean(),
  disabledDate: dateTime.optional(),
  userNotified: z.boolean().optional(),
  userNotifiedDate: dateTime.optional(),
});

export const associatedAccountSchema = z.strictObject({
  type: z.enum(associatedAccountTypes),
  platform: z.strictObject({ value: text, thirdPartyUser: z.boolean().optional() }).optional(),
  firstName: text.optional(),
  middleName: text.optional(),
  lastName: text.optional(),
  approximateAge: age.optional(),
  dateOfBirth: date.optional(),
  phone: z.array(phoneSchema).optional(),
  email: z.array(emailSchema).optional(),
  allEmailsReported: z.boolean().optional(),
  address: z.array(addressSchema).optional(),
  espService: text.optional(),
  espIdentifier: text.optional(),
  profileUrl: z.array(text).optional(),
  screenName: text.optional(),
  displayName: z.array(text).optional(),
  profileBio: text.optional(),
  groupIdentifier: text.optional(),
  compromisedAccount: z.boolean().optional(),
  accountTemporarilyDisabled: accountTemporarilyDisabledSchema.optional(),
  accountPermanentlyDisabled: accountPermanentlyDisabledSchema.optional(),
  ipCaptureEvent: z.array(ipCaptureEventSchema).optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  /** Singular here, unlike `priorCTReports` elsewhere: the XSD spells it so. */
  priorCTReport: z.array(reportNumber).optional(),
  additionalInfo: text.optional(),
});

// ---- report ----

/** Annotation flags are fixed="true" in the XSD: a flag is sent only when true. */
export const reportAnnotationsSchema = z.strictObject({
  sextortion: z.boolean().optional(),
  csamSolicitation: z.boolean().optional(),
  minorToMinorInteraction: z.boolean().optional(),
  spam: z.boolean().optional(),
  sadisticOnlineExploitation: z.boolean().optional(),
});

export const incidentSummarySchema = z.strictObject({
  incidentType: z.enum(incidentTypes, { error: "Choose one of NCMEC's incident types." }),
  platform: text.optional(),
  /** Text only when the report must be escalated (immediate risk to a child), saying why. */
  escalateToHighPriority: text.optional(),
  reportAnnotations: reportAnnotationsSchema.optional(),
  incidentDateTime: dateTime,
  incidentDateTimeDescription: text.optional(),
});

export const webPageIncidentSchema = z.strictObject({
  thirdPartyHostedContent: z.boolean().optional(),
  url: z.array(text).optional(),
  additionalInfo: text.optional(),
});

export const emailIncidentSchema = z.strictObject({
  emailAddress: z.array(emailSchema).optional(),
  content: text.optional(),
  additionalInfo: text.optional(),
});

export const newsgroupIncidentSchema = z.strictObject({
  name: text.optional(),
  emailAddress: z.array(emailSchema).optional(),
  content: text.optional(),
  additionalInfo: text.optional(),
});

export const chatImIncidentSchema = z.strictObject({
  chatClient: text.optional(),
  chatRoomName: text.optional(),
  content: text.optional(),
  additionalInfo: text.optional(),
});

export const onlineGamingIncidentSchema = z.strictObject({
  gameName: text.optional(),
  console: text.optional(),
  content: text.optional(),
  additionalInfo: text.optional(),
});

export const cellPhoneIncidentSchema = z.strictObject({
  phoneNumber: phoneSchema.optional(),
  latitude: z.number().min(-90).max(90, 'A latitude is between -90 and 90.').optional(),
  longitude: z.number().min(-180).max(180, 'A longitude is between -180 and 180.').optional(),
  additionalInfo: text.optional(),
});

export const nonInternetIncidentSchema = z.strictObject({
  locationName: text.optional(),
  incidentAddress: z.array(addressSchema).optional(),
  additionalInfo: text.optional(),
});

export const peer2peerIncidentSchema = z.strictObject({
  client: text.optional(),
  ipCaptureEvent: z.array(ipCaptureEventSchema).optional(),
  fileNames: text.optional(),
  additionalInfo: text.optional(),
});

/** The XSD's xs:choice: each internetDetails holds exactly one kind of incident. */
export const internetDetailsSchema = z.union([
  z.strictObject({ webPageIncident: webPageIncidentSchema }),
  z.strictObject({ emailIncident: emailIncidentSchema }),
  z.strictObject({ newsgroupIncident: newsgroupIncidentSchema }),
  z.strictObject({ chatImIncident: chatImIncidentSchema }),
  z.strictObject({ onlineGamingIncident: onlineGamingIncidentSchema }),
  z.strictObject({ cellPhoneIncident: cellPhoneIncidentSchema }),
  z.strictObject({ nonInternetIncident: nonInternetIncidentSchema }),
  z.strictObject({ peer2peerIncident: peer2peerIncidentSchema }),
]);
export const internetIncidentKinds = [
  'webPageIncident',
  'emailIncident',
  'newsgroupIncident',
  'chatImIncident',
  'onlineGamingIncident',
  'cellPhoneIncident',
  'nonInternetIncident',
  'peer2peerIncident',
] as const;

export const lawEnforcementSchema = z.strictObject({
  agencyName: requiredText,
  caseNumber: text.optional(),
  officerContact: contactPersonSchema.optional(),
  reportedToLe: z.boolean().optional(),
  servedLegalProcessDomestic: z.boolean().optional(),
  servedLegalProcessInternational: z
    .strictObject({ value: z.boolean(), fleaCountry: country.optional() })
    .optional(),
});

export const reporterSchema = z.strictObject({
  reportingPerson: personSchema,
  contactPerson: contactPersonSchema.optional(),
  companyTemplate: text.optional(),
  termsOfService: text.optional(),
  legalURL: text.optional(),
});

export const personOrUserReportedSchema = z.strictObject({
  personOrUserReportedPerson: personSchema.optional(),
  vehicleDescription: text.optional(),
  espIdentifier: text.optional(),
  espService: text.optional(),
  compromisedAccount: z.boolean().optional(),
  screenName: text.optional(),
  displayName: z.array(text).optional(),
  profileUrl: z.array(text).optional(),
  profileBio: text.optional(),
  ipCaptureEvent: z.array(ipCaptureEventSchema).optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  thirdPartyUserReported: z.boolean().optional(),
  priorCTReports: z.array(reportNumber).optional(),
  groupIdentifier: text.optional(),
  accountTemporarilyDisabled: accountTemporarilyDisabledSchema.optional(),
  accountPermanentlyDisabled: accountPermanentlyDisabledSchema.optional(),
  estimatedLocation: estimatedLocationSchema.optional(),
  allEmailsReported: z.boolean().optional(),
  associatedAccount: z.array(associatedAccountSchema).optional(),
  additionalInfo: text.optional(),
});

export const intendedRecipientSchema = z.strictObject({
  intendedRecipientPerson: personSchema.optional(),
  espIdentifier: text.optional(),
  espService: text.optional(),
  compromisedAccount: z.boolean().optional(),
  screenName: text.optional(),
  displayName: z.array(text).optional(),
  profileUrl: z.array(text).optional(),
  profileBio: text.optional(),
  ipCaptureEvent: z.array(ipCaptureEventSchema).optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  priorCTReports: z.array(reportNumber).optional(),
  groupIdentifier: text.optional(),
  accountTemporarilyDisabled: accountTemporarilyDisabledSchema.optional(),
  accountPermanentlyDisabled: accountPermanentlyDisabledSchema.optional(),
  estimatedLocation: estimatedLocationSchema.optional(),
  allEmailsReported: z.boolean().optional(),
  /** Repeatable here, unlike elsewhere: the XSD allows several. */
  additionalInfo: z.array(text).optional(),
});

export const victimSchema = z.strictObject({
  victimPerson: personSchema,
  espIdentifier: text.optional(),
  espService: text.optional(),
  compromisedAccount: z.boolean().optional(),
  screenName: text.optional(),
  displayName: z.array(text).optional(),
  profileUrl: z.array(text).optional(),
  profileBio: text.optional(),
  ipCaptureEvent: z.array(ipCaptureEventSchema).optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  schoolName: text.optional(),
  priorCTReports: z.array(reportNumber).optional(),
  accountTemporarilyDisabled: accountTemporarilyDisabledSchema.optional(),
  accountPermanentlyDisabled: accountPermanentlyDisabledSchema.optional(),
  estimatedLocation: estimatedLocationSchema.optional(),
  allEmailsReported: z.boolean().optional(),
  associatedAccount: z.array(associatedAccountSchema).optional(),
  additionalInfo: text.optional(),
});

/** `<report>`: what `POST /submit` sends. */
export const reportSchema = z.strictObject({
  batchedReport: z.strictObject({ reason: z.enum(batchedReportReasons) }).optional(),
  incidentSummary: incidentSummarySchema,
  internetDetails: z.array(internetDetailsSchema).optional(),
  lawEnforcement: lawEnforcementSchema.optional(),
  reporter: reporterSchema,
  personOrUserReported: z.array(personOrUserReportedSchema).optional(),
  intendedRecipient: z.array(intendedRecipientSchema).optional(),
  victim: z.array(victimSchema).optional(),
  additionalInfo: text.optional(),
});

// ---- fileDetails ----

/** Annotation flags are fixed="true" in the XSD: a flag is sent only when true. */
export const fileAnnotationsSchema = z.strictObject({
  animeDrawingVirtualHentai: z.boolean().optional(),
  potentialMeme: z.boolean().optional(),
  viral: z.boolean().optional(),
  possibleSelfProduction: z.boolean().optional(),
  physicalHarm: z.boolean().optional(),
  violenceGore: z.boolean().optional(),
  bestiality: z.boolean().optional(),
  liveStreaming: z.boolean().optional(),
  infant: z.boolean().optional(),
  generativeAi: z.boolean().optional(),
});

export const originalFileHashSchema = z.strictObject({
  hashType: requiredText,
  value: requiredText,
});

export const detailsSchema = z.strictObject({
  type: z.enum(metadataTypes).optional(),
  nameValuePair: z
    .array(z.strictObject({ name: requiredText, value: text }))
    .min(1, 'Give at least one name/value pair.'),
});

/** What a reviewer and the case fill in for one file; NCMEC assigns reportId and fileId at upload. */
const fileDescriptionFields = z.strictObject({
  fileName: text.optional(),
  originalFileName: text.optional(),
  uploadedToEspTimestamp: dateTime.optional(),
  locationOfFile: text.optional(),
  fileViewedByEsp: z.boolean().optional(),
  exifViewedByEsp: z.boolean().optional(),
  publiclyAvailable: z.boolean().optional(),
  fileRelevance: z.enum(fileRelevances).optional(),
  /** An xs:choice with fileAnnotations: send one or the other, never both. */
  potentialMeme: z.boolean().optional(),
  fileAnnotations: fileAnnotationsSchema.optional(),
  industryClassification: z.enum(fileClassifications).optional(),
  originalFileHash: z.array(originalFileHashSchema).optional(),
  /** At most one in fileDetails (unlike the reported person's list). */
  ipCaptureEvent: ipCaptureEventSchema.optional(),
  deviceId: z.array(deviceIdSchema).optional(),
  details: z.array(detailsSchema).optional(),
  /** Repeatable here, unlike in report: the XSD allows several. */
  additionalInfo: z.array(text).optional(),
});

const notMemeAndAnnotations = (value: { potentialMeme?: boolean; fileAnnotations?: object }) =>
  value.potentialMeme === undefined || value.fileAnnotations === undefined;
const notMemeAndAnnotationsMessage = {
  message:
    'Send potentialMeme or fileAnnotations, not both (the XSD makes them a choice); use fileAnnotations.potentialMeme.',
  path: ['potentialMeme'],
};

/** `<fileDetails>`: what `POST /fileinfo` sends for one uploaded file. */
export const fileDetailsSchema = fileDescriptionFields
  .extend({ reportId: reportNumber, fileId: token })
  .refine(notMemeAndAnnotations, notMemeAndAnnotationsMessage);

/** A file's details before upload, when NCMEC has not yet assigned reportId and fileId. */
export const fileDescriptionSchema = fileDescriptionFields.refine(
  notMemeAndAnnotations,
  notMemeAndAnnotationsMessage,
);

// ---- NCMEC's answers ----

export const reportResponseSchema = z.strictObject({
  responseCode: z.int(),
  responseDescription: z.string(),
  reportId: reportNumber.optional(),
  fileId: z.string().optional(),
  hash: z.string().optional(),
});

export const reportDoneResponseSchema = z.strictObject({
  responseCode: z.int(),
  reportId: reportNumber,
  files: z.strictObject({ fileId: z.array(z.string()) }),
});

export type Address = z.infer<typeof addressSchema>;
export type Email = z.infer<typeof emailSchema>;
export type Phone = z.infer<typeof phoneSchema>;
export type Person = z.infer<typeof personSchema>;
export type ContactPerson = z.infer<typeof contactPersonSchema>;
export type IpCaptureEvent = z.infer<typeof ipCaptureEventSchema>;
export type DeviceId = z.infer<typeof deviceIdSchema>;
export type EstimatedLocation = z.infer<typeof estimatedLocationSchema>;
export type AccountTemporarilyDisabled = z.infer<typeof accountTemporarilyDisabledSchema>;
export type AccountPermanentlyDisabled = z.infer<typeof accountPermanentlyDisabledSchema>;
export type AssociatedAccount = z.infer<typeof associatedAccountSchema>;
export type ReportAnnotations = z.infer<typeof reportAnnotationsSchema>;
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;
export type WebPageIncident = z.infer<typeof webPageIncidentSchema>;
export type EmailIncident = z.infer<typeof emailIncidentSchema>;
export type NewsgroupIncident = z.infer<typeof newsgroupIncidentSchema>;
export type ChatImIncident = z.infer<typeof chatImIncidentSchema>;
export type OnlineGamingIncident = z.infer<typeof onlineGamingIncidentSchema>;
export type CellPhoneIncident = z.infer<typeof cellPhoneIncidentSchema>;
export type NonInternetIncident = z.infer<typeof nonInternetIncidentSchema>;
export type Peer2peerIncident = z.infer<typeof peer2peerIncidentSchema>;
export type InternetDetails = z.infer<typeof internetDetailsSchema>;
export type InternetIncidentKind = (typeof internetIncidentKinds)[number];
export type LawEnforcement = z.infer<typeof lawEnforcementSchema>;
export type Reporter = z.infer<typeof reporterSchema>;
export type PersonOrUserReported = z.infer<typeof personOrUserReportedSchema>;
export type IntendedRecipient = z.infer<typeof intendedRecipientSchema>;
export type Victim = z.infer<typeof victimSchema>;
export type Report = z.infer<typeof reportSchema>;
export type FileAnnotations = z.infer<typeof fileAnnotationsSchema>;
export type OriginalFileHash = z.infer<typeof originalFileHashSchema>;
export type Details = z.infer<typeof detailsSchema>;
export type FileDescription = z.infer<typeof fileDescriptionSchema>;
export type FileDetails = z.infer<typeof fileDetailsSchema>;
export type ReportResponse = z.infer<typeof reportResponseSchema>;
export type ReportDoneResponse = z.infer<typeof reportDoneResponseSchema>;

/** A model being filled in: any field may still be missing. Completeness says what blocks export. */
export type Draft<T> = T extends readonly (infer U)[]
  ? Draft<U>[]
  : T extends object
    ? { [K in keyof T]?: Draft<T[K]> }
    : T;
export type ReportDraft = Draft<Report>;
export type FileDetailsDraft = Draft<FileDetails>;
