// The CyberTipline serialiser: a report with every element of the XSD comes out in schema order, valid for
// our validator and for Debian's xmllint; NCMEC's maximal examples are reproduced element for element;
// flags appear only when true, empty optionals never, and text is escaped or refused, never altered.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileDetailsSchema, reportSchema, type FileDetails, type Report } from '../../shared/cybertip';
import { loadCyberTipValidator, type CyberTipValidator } from '../../main/core/cybertip/validate';
import { fileDetailsToXml } from '../../main/core/cybertip/file-details-xml';
import { reportToXml } from '../../main/core/cybertip/report-xml';
import { XmlCharacterError, type XmlElementNode } from '../../main/core/cybertip/xml-tree';
import { loadXsd, readBundledXsd, type XsdSchema } from '../../main/core/cybertip/xsd';
import { ncmecExamples, NOW, xmllintSchema } from '../support/cybertip';

const md5 = '9e107d9d372bb6826bd81d3542a419d6';
const sha256 = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae';

function phones(tag: string) {
  return [
    {
      value: '5550100',
      type: 'Mobile' as const,
      verified: true,
      verificationDate: '2025-01-01T00:00:00Z',
      countryCallingCode: '+1',
      extension: '12',
    },
    {
      value: `555010${tag}`,
      type: 'Work' as const,
      verified: false,
      verificationDate: '2025-02-01T00:00:00Z',
      countryCallingCode: '+44',
      extension: '7',
    },
  ];
}

const address = {
  type: 'Business' as const,
  address: '1 Example Street',
  city: 'Example City',
  zipCode: '90001',
  state: 'CA' as const,
  nonUsaState: 'Example Province',
  country: 'US' as const,
};

function person(tag: string) {
  return {
    firstName: `First${tag}`,
    lastName: `Last${tag}`,
    phone: phones(tag),
    email: [
      {
        value: `${tag}@example.com`,
        type: 'Home' as const,
        verified: true,
        verificationDate: '2024-01-01T00:00:00Z',
      },
      { value: `${tag}.work@example.com`, type: 'Work' as const },
    ],
    address: [address, { ...address, type: 'Home' as const, state: 'NY' as const }],
    age: 30,
    dateOfBirth: '1995-05-05',
  };
}

const ipEvents = [
  {
    ipAddress: '203.0.113.7',
    eventName: 'Upload' as const,
    dateTime: '2025-01-15T12:29:00Z',
    possibleProxy: false,
    port: 443,
  },
  { ipAddress: '2001:db8::7', eventName: 'Login' as const, dateTime: '2025-01-14T08:00:00+02:00' },
];
const devices = [
  {
    idType: 'IMEI',
    idValue: '490154203237518',
    eventName: 'Login' as const,
    dateTime: '2025-01-14T08:00:00Z',
  },
  { idType: 'Advertising ID', idValue: '00000000-0000-4000-8000-000000000001' },
];
const temporarilyDisabled = {
  value: true,
  disabledDate: '2025-01-15T13:00:00Z',
  userNotified: false,
  userNotifiedDate: '2025-01-15T13:05:00Z',
  reenabledDate: '2025-01-20T00:00:00Z',
};
const permanentlyDisabled = { value: true, disabledDate: '2025-01-21T00:00:00Z', userNotified: true };
const estimatedLocation = {
  verified: false,
  timestamp: '2025-01-15T12:29:00Z',
  city: 'Example City',
  region: 'CA',
  countryCode: 'US' as const,
};

function account(type: 'Linked' | 'Billing') {
  return {
    type,
    platform: { value: 'Other Example App', thirdPartyUser: true },
    firstName: 'Alt',
    middleName: 'M',
    lastName: 'Account',
    approximateAge: 25,
    dateOfBirth: '2000-02-02',
    phone: phones('9'),
    email: [{ value: 'alt@example.com' }],
    allEmailsReported: true,
    address: [address],
    espService: 'Example Messenger',
    espIdentifier: 'alt-99',
    profileUrl: ['https://example.com/u/alt', 'https://example.com/u/alt2'],
    screenName: 'alt_account',
    displayName: ['Alt One', 'Alt Two'],
    profileBio: 'generated bio',
    groupIdentifier: 'group-1',
    compromisedAccount: false,
    accountTemporarilyDisabled: temporarilyDisabled,
    accountPermanentlyDisabled: permanentlyDisabled,
    ipCaptureEvent: ipEvents,
    deviceId: devices,
    priorCTReport: [1001, 1002],
    additionalInfo: 'associated account notes',
  };
}

/** A report with every element and attribute of the XSD, repeatable ones twice. */
const maximalReport: Report = {
  batchedReport: { reason: 'VIRAL_POTENTIAL_MEME' },
  incidentSummary: {
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    platform: 'Example App',
    escalateToHighPriority: 'Generated escalation reason',
    reportAnnotations: {
      sextortion: true,
      csamSolicitation: true,
      minorToMinorInteraction: true,
      spam: true,
      sadisticOnlineExploitation: true,
    },
    incidentDateTime: '2025-01-15T12:30:00Z',
    incidentDateTimeDescription: 'About two hours before detection',
  },
  internetDetails: [
    {
      webPageIncident: {
        thirdPartyHostedContent: false,
        url: ['https://example.com/post/1', 'https://example.com/post/2?a=1&b=2'],
        additionalInfo: 'two posts',
      },
    },
    {
      emailIncident: {
        emailAddress: [{ value: 'sender@example.com', type: 'Home' }, { value: 'other@example.com' }],
        content: 'Subject: generated\n\nbody',
        additionalInfo: 'email notes',
      },
    },
    {
      newsgroupIncident: {
        name: 'alt.example.test',
        emailAddress: [{ value: 'poster@example.com' }, { value: 'poster2@example.com' }],
        content: 'posting',
        additionalInfo: 'newsgroup notes',
      },
    },
    {
      chatImIncident: {
        chatClient: 'Example Chat',
        chatRoomName: 'room-1',
        content: 'chat log <generated> & "quoted"',
        additionalInfo: 'chat notes',
      },
    },
    {
      onlineGamingIncident: {
        gameName: 'Example Game',
        console: 'Example Console',
        content: 'in-game messages',
        additionalInfo: 'game notes',
      },
    },
    {
      cellPhoneIncident: {
        phoneNumber: phones('3')[0],
        latitude: 34.05,
        longitude: -118.25,
        additionalInfo: 'phone notes',
      },
    },
    {
      nonInternetIncident: {
        locationName: 'Example Library',
        incidentAddress: [address, { ...address, type: 'Shipping' }],
        additionalInfo: 'offline notes',
      },
    },
    {
      peer2peerIncident: {
        client: 'Example P2P',
        ipCaptureEvent: ipEvents,
        fileNames: 'file-a.bin, file-b.bin',
        additionalInfo: 'p2p notes',
      },
    },
  ],
  lawEnforcement: {
    agencyName: 'Example Agency',
    caseNumber: 'CASE 123',
    officerContact: {
      firstName: 'Officer',
      lastName: 'Example',
      phone: phones('4'),
      email: [{ value: 'officer@example.com' }, { value: 'desk@example.com' }],
      address: [address, address],
    },
    reportedToLe: true,
    servedLegalProcessDomestic: false,
    servedLegalProcessInternational: { value: true, fleaCountry: 'AU' },
  },
  reporter: {
    reportingPerson: person('safety'),
    contactPerson: {
      firstName: 'Contact',
      lastName: 'Person',
      phone: phones('5'),
      email: [{ value: 'legal@example.com', type: 'Work' }, { value: 'legal2@example.com' }],
      address: [address, address],
    },
    companyTemplate: 'Legal process: generated template',
    termsOfService: 'Generated terms',
    legalURL: 'https://example.com/legal',
  },
  personOrUserReported: [
    {
      personOrUserReportedPerson: person('suspect'),
      vehicleDescription: 'grey example vehicle',
      espIdentifier: 'user-42',
      espService: 'Example App',
      compromisedAccount: false,
      screenName: 'suspect42',
      displayName: ['Display One', 'Display Two'],
      profileUrl: ['https://example.com/u/suspect42', 'https://example.com/u/42'],
      profileBio: 'generated bio',
      ipCaptureEvent: ipEvents,
      deviceId: devices,
      thirdPartyUserReported: false,
      priorCTReports: [123456, 123457],
      groupIdentifier: 'group-7',
      accountTemporarilyDisabled: temporarilyDisabled,
      accountPermanentlyDisabled: permanentlyDisabled,
      estimatedLocation,
      allEmailsReported: true,
      associatedAccount: [account('Linked'), account('Billing')],
      additionalInfo: 'reported user notes',
    },
    { screenName: 'second_user' },
  ],
  intendedRecipient: [
    {
      intendedRecipientPerson: person('recipient'),
      espIdentifier: 'user-7',
      espService: 'Example App',
      compromisedAccount: true,
      screenName: 'recipient7',
      displayName: ['Recipient'],
      profileUrl: ['https://example.com/u/recipient7'],
      profileBio: 'bio',
      ipCaptureEvent: ipEvents,
      deviceId: devices,
      priorCTReports: [99],
      groupIdentifier: 'group-r',
      accountTemporarilyDisabled: temporarilyDisabled,
      accountPermanentlyDisabled: permanentlyDisabled,
      estimatedLocation,
      allEmailsReported: false,
      additionalInfo: ['first note', 'second note'],
    },
    { espIdentifier: 'user-8' },
  ],
  victim: [
    {
      victimPerson: { age: 14 },
      espIdentifier: 'user-9',
      espService: 'Example App',
      compromisedAccount: false,
      screenName: 'victim9',
      displayName: ['V'],
      profileUrl: ['https://example.com/u/victim9'],
      profileBio: 'bio',
      ipCaptureEvent: ipEvents,
      deviceId: devices,
      schoolName: 'Example School',
      priorCTReports: [77],
      accountTemporarilyDisabled: temporarilyDisabled,
      accountPermanentlyDisabled: permanentlyDisabled,
      estimatedLocation,
      allEmailsReported: true,
      associatedAccount: [account('Linked')],
      additionalInfo: 'victim notes',
    },
    { victimPerson: { firstName: 'Generated' } },
  ],
  additionalInfo: 'Report-level notes',
};

/** fileDetails with every element and attribute of the XSD. */
const maximalFile: FileDetails = {
  reportId: 4564654,
  fileId: 'b0754af766b426f2928a02c651ed4b99',
  fileName: 'generated.png',
  originalFileName: 'original name.png',
  uploadedToEspTimestamp: '2025-01-15T12:29:00Z',
  locationOfFile: 'https://example.com/media/generated.png',
  fileViewedByEsp: true,
  exifViewedByEsp: false,
  publiclyAvailable: false,
  fileRelevance: 'Reported',
  fileAnnotations: {
    animeDrawingVirtualHentai: true,
    potentialMeme: true,
    viral: true,
    possibleSelfProduction: true,
    physicalHarm: true,
    violenceGore: true,
    bestiality: true,
    liveStreaming: true,
    infant: true,
    generativeAi: true,
  },
  industryClassification: 'B2',
  originalFileHash: [
    { hashType: 'MD5', value: md5 },
    { hashType: 'SHA256', value: sha256 },
  ],
  ipCaptureEvent: ipEvents[0],
  deviceId: devices,
  details: [
    {
      type: 'EXIF',
      nameValuePair: [
        { name: 'Make', value: 'Example Camera Co' },
        { name: 'UserComment', value: '' },
      ],
    },
    { type: 'HASH', nameValuePair: [{ name: 'PDQ', value: 'f'.repeat(64) }] },
  ],
  additionalInfo: ['first', 'second'],
};

/** Leaf values of a model: what must appear in the XML as text or attributes (false flags excepted). */
function modelLeaves(value: unknown, key = ''): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + modelLeaves(item, key), 0);
  if (typeof value === 'object' && value !== null) {
    const flags = key === 'reportAnnotations' || key === 'fileAnnotations';
    return Object.entries(value).reduce((n, [k, v]) => n + (flags && v === false ? 0 : modelLeaves(v, k)), 0);
  }
  return value === undefined ? 0 : 1;
}

/** Text values and attributes of a parsed tree; an empty element without attributes carries "". */
function treeLeaves(node: XmlElementNode): number {
  const own = Object.keys(node.attributes).length;
  if (node.children.length === 0) return own + (node.text !== '' || own === 0 ? 1 : 0);
  return node.children.reduce((n, child) => n + treeLeaves(child), own);
}

/** Element paths with their text and attributes, in document order; empty fixed flags read as true. */
function outline(node: XmlElementNode, path = ''): string[] {
  const here = `${path}/${node.name}`;
  const attributes = Object.entries(node.attributes)
    .filter(([name]) => !name.startsWith('xsi:'))
    .map(([name, value]) => `@${name}=${value}`)
    .join(' ');
  const flag = /Annotations$/.test(path) && node.text === '' ? 'true' : node.text;
  const line = `${here} ${attributes} ${node.children.length === 0 ? flag : ''}`.trim();
  return [line, ...node.children.flatMap((child) => outline(child, here))];
}

let schema: XsdSchema;
let validator: CyberTipValidator;
beforeAll(async () => {
  const xsd = await readBundledXsd();
  schema = await loadXsd(xsd);
  validator = await loadCyberTipValidator({ xsd });
});

function parsed(xml: string): XmlElementNode {
  const checked = schema.check(xml);
  if (!checked.wellFormed) throw new Error(JSON.stringify(checked.errors));
  return checked.root;
}

async function xmllint(xml: string): Promise<{ code: number; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'custody-cybertip-'));
  try {
    const file = join(dir, 'document.xml');
    await writeFile(file, xml);
    return await xmllintSchema(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the maximal models', () => {
  it('are valid input for the model schemas', () => {
    expect(reportSchema.safeParse(maximalReport).error?.issues).toBeUndefined();
    expect(fileDetailsSchema.safeParse(maximalFile).error?.issues).toBeUndefined();
  });

  it('serialise to XML our validator accepts, as the kind they are', () => {
    expect(validator.validate(reportToXml(maximalReport), { now: NOW })).toEqual({
      kind: 'report',
      errors: [],
    });
    expect(validator.validate(fileDetailsToXml(maximalFile), { now: NOW })).toEqual({
      kind: 'fileDetails',
      errors: [],
    });
  });

  it('serialise to XML that xmllint --schema validates against the bundled XSD', async () => {
    for (const xml of [reportToXml(maximalReport), fileDetailsToXml(maximalFile)]) {
      const { code, stderr } = await xmllint(xml);
      expect(stderr).toMatch(/validates/);
      expect(code).toBe(0);
    }
  });

  it('lose no field: every model value is an element text or an attribute in the XML', () => {
    expect(treeLeaves(parsed(reportToXml(maximalReport)))).toBe(modelLeaves(maximalReport));
    expect(treeLeaves(parsed(fileDetailsToXml(maximalFile)))).toBe(modelLeaves(maximalFile));
  });

  it('put every element where the schema sequence says, whatever the order of keys in the model', () => {
    const shuffled = Object.fromEntries(Object.entries(maximalReport).reverse()) as Report;
    expect(reportToXml(shuffled)).toBe(reportToXml(maximalReport));
    const xml = reportToXml(maximalReport);
    const order = ['batchedReport', 'incidentSummary', 'internetDetails', 'lawEnforcement', 'reporter'];
    const positions = order.map((name) => xml.indexOf(`\n  <${name}`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe("NCMEC's maximal examples", () => {
  const example = (name: string) => readFileSync(join(ncmecExamples, name), 'utf8');

  it('are reproduced element for element, attribute for attribute, from the equivalent model', () => {
    const report: Report = {
      batchedReport: { reason: 'VIRAL_POTENTIAL_MEME' },
      incidentSummary: {
        incidentType: 'Child Pornography (possession, manufacture, and distribution)',
        platform: 'Example App',
        escalateToHighPriority: 'Immediate risk to child',
        reportAnnotations: { sextortion: true, minorToMinorInteraction: true, spam: false },
        incidentDateTime: '2025-01-15T12:30:00Z',
        incidentDateTimeDescription: 'Approximately 2 hours before detection',
      },
      internetDetails: [
        {
          webPageIncident: {
            thirdPartyHostedContent: false,
            url: ['https://example.com/post/1', 'https://example.com/post/2'],
            additionalInfo: 'Two posts',
          },
        },
        { chatImIncident: { chatClient: 'Example Chat', chatRoomName: 'room-1', content: 'chat log text' } },
      ],
      lawEnforcement: {
        agencyName: 'Example Agency',
        caseNumber: 'CASE 123',
        reportedToLe: true,
        servedLegalProcessDomestic: false,
        servedLegalProcessInternational: { value: true, fleaCountry: 'AU' },
      },
      reporter: {
        reportingPerson: {
          firstName: 'Alice',
          lastName: 'Reporter',
          phone: [{ value: '5556667777', type: 'Business', countryCallingCode: '+1', extension: '123' }],
          email: [{ value: 'safety@example.com', type: 'Work', verified: true }],
          address: [
            {
              type: 'Business',
              address: '1 Example St',
              city: 'Example City',
              zipCode: '90001',
              state: 'CA',
              country: 'US',
            },
          ],
        },
        contactPerson: {
          firstName: 'Bob',
          lastName: 'Contact',
          email: [{ value: 'legal@example.com', type: 'Work' }],
        },
        companyTemplate: 'Legal process: ...; data retention: ...',
        termsOfService: 'ToS text',
        legalURL: 'https://example.com/legal',
      },
      personOrUserReported: [
        {
          personOrUserReportedPerson: {
            email: [
              {
                value: 'suspect@example.com',
                type: 'Home',
                verified: true,
                verificationDate: '2024-01-01T00:00:00Z',
              },
            ],
            dateOfBirth: '2000-01-01',
          },
          espIdentifier: 'user-42',
          espService: 'Example App',
          screenName: 'suspect42',
          displayName: ['Suspect'],
          profileUrl: ['https://example.com/u/suspect42'],
          ipCaptureEvent: [
            {
              ipAddress: '203.0.113.7',
              eventName: 'Upload',
              dateTime: '2025-01-15T12:29:00Z',
              possibleProxy: false,
              port: 443,
            },
          ],
          deviceId: [{ idType: 'IMEI', idValue: '123456789012345', eventName: 'Login' }],
          priorCTReports: [123456],
          accountTemporarilyDisabled: {
            value: true,
            disabledDate: '2025-01-15T13:00:00Z',
            userNotified: false,
          },
          estimatedLocation: {
            verified: false,
            timestamp: '2025-01-15T12:29:00Z',
            city: 'Example City',
            region: 'CA',
            countryCode: 'US',
          },
          associatedAccount: [
            {
              type: 'Linked',
              platform: { value: 'Other App', thirdPartyUser: true },
              screenName: 'suspect_alt',
            },
          ],
          additionalInfo: 'notes',
        },
      ],
      victim: [{ victimPerson: { age: 14 }, espIdentifier: 'user-7' }],
      additionalInfo: 'Report-level notes',
    };
    const file: FileDetails = {
      reportId: 4564654,
      fileId: 'b0754af766b426f2928a02c651ed4b99',
      fileName: 'gopher.png',
      originalFileName: 'gopher1.png',
      uploadedToEspTimestamp: '2025-01-15T12:29:00Z',
      locationOfFile: 'https://example.com/gopher1.png',
      fileViewedByEsp: true,
      exifViewedByEsp: false,
      publiclyAvailable: true,
      fileRelevance: 'Reported',
      fileAnnotations: { viral: true, generativeAi: true },
      industryClassification: 'A1',
      originalFileHash: [
        { hashType: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
        { hashType: 'SHA256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
      ],
      ipCaptureEvent: { ipAddress: '203.0.113.7', eventName: 'Upload', dateTime: '2025-01-15T12:29:00Z' },
      deviceId: [{ idType: 'IMEI', idValue: '543210987654321' }],
      details: [{ type: 'EXIF', nameValuePair: [{ name: 'Make', value: 'Canon' }] }],
      additionalInfo: ['viral video'],
    };
    expect(outline(parsed(reportToXml(report)))).toEqual(
      outline(parsed(example('report_maximal_valid.xml'))),
    );
    // fileAnnotations is an xs:all: compare its flags as a set, everything else in order.
    const sortFlags = (lines: string[]) => {
      const flags = lines.filter((l) => l.startsWith('/fileDetails/fileAnnotations/')).sort();
      return [...lines.filter((l) => !l.startsWith('/fileDetails/fileAnnotations/')), ...flags];
    };
    expect(sortFlags(outline(parsed(fileDetailsToXml(file))))).toEqual(
      sortFlags(outline(parsed(example('fileDetails_maximal_valid.xml')))),
    );
  });
});

describe('serialisation details', () => {
  const minimal: Report = {
    incidentSummary: {
      incidentType: 'Child Sexual Molestation',
      incidentDateTime: '2025-01-15T12:30:00Z',
    },
    reporter: { reportingPerson: { email: [{ value: 'safety@example.com' }] } },
  };

  it('writes a minimal report exactly, with an XML declaration and two-space indentation', () => {
    expect(reportToXml(minimal)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<report>',
        '  <incidentSummary>',
        '    <incidentType>Child Sexual Molestation</incidentType>',
        '    <incidentDateTime>2025-01-15T12:30:00Z</incidentDateTime>',
        '  </incidentSummary>',
        '  <reporter>',
        '    <reportingPerson>',
        '      <email>safety@example.com</email>',
        '    </reportingPerson>',
        '  </reporter>',
        '</report>',
        '',
      ].join('\n'),
    );
  });

  it('emits annotation flags only when true, and omits an annotation block with none set', () => {
    const xml = reportToXml({
      ...minimal,
      incidentSummary: { ...minimal.incidentSummary, reportAnnotations: { sextortion: false, spam: true } },
    });
    expect(xml).toContain('<spam>true</spam>');
    expect(xml).not.toContain('sextortion');
    const none = reportToXml({
      ...minimal,
      incidentSummary: { ...minimal.incidentSummary, reportAnnotations: { sextortion: false } },
    });
    expect(none).not.toContain('reportAnnotations');
    const file = fileDetailsToXml({ reportId: 1, fileId: 'f1', fileAnnotations: { viral: false } });
    expect(file).not.toContain('fileAnnotations');
  });

  it('keeps plain booleans that are false: fileViewedByEsp=false tells police nobody looked', () => {
    const xml = fileDetailsToXml({
      reportId: 1,
      fileId: 'f1',
      fileViewedByEsp: false,
      publiclyAvailable: false,
    });
    expect(xml).toContain('<fileViewedByEsp>false</fileViewedByEsp>');
    expect(xml).toContain('<publiclyAvailable>false</publiclyAvailable>');
  });

  it('omits empty optionals: empty strings, empty lists, empty records', () => {
    const xml = reportToXml({
      ...minimal,
      incidentSummary: { ...minimal.incidentSummary, platform: '' },
      internetDetails: [],
      lawEnforcement: undefined,
      personOrUserReported: [{ displayName: [], personOrUserReportedPerson: {} }],
      additionalInfo: '',
    });
    expect(xml).toBe(reportToXml(minimal));
  });

  it('keeps an element the XSD requires even when it is empty', () => {
    const xml = reportToXml({ ...minimal, victim: [{ victimPerson: {}, screenName: 'generated' }] });
    expect(xml).toContain('<victimPerson/>');
    expect(validator.validate(xml, { now: NOW }).errors).toEqual([]);
  });

  it('keeps a name/value pair whose value is empty, because the XSD requires the value element', () => {
    const xml = fileDetailsToXml({
      reportId: 1,
      fileId: 'f1',
      details: [{ type: 'EXIF', nameValuePair: [{ name: 'UserComment', value: '' }] }],
    });
    expect(xml).toContain('<nameValuePair>');
    expect(xml).toContain('<value/>');
    expect(validator.validate(xml, { now: NOW }).errors).toEqual([]);
  });

  it('escapes markup characters in text and attributes and round-trips them exactly', () => {
    const tricky = `a & b < c > d "e" 'f' ]]> \t tab\r\nCRLF 😀 ü`;
    const xml = reportToXml({
      ...minimal,
      reporter: {
        reportingPerson: { email: [{ value: 'safety@example.com', type: 'Work' }] },
        companyTemplate: tricky,
      },
      additionalInfo: tricky,
      victim: [{ victimPerson: {}, estimatedLocation: { city: tricky } }],
    });
    expect(xml).not.toContain(']]>');
    const root = parsed(xml);
    expect(root.children.find((c) => c.name === 'additionalInfo')?.text).toBe(tricky);
    expect(validator.validate(xml, { now: NOW }).errors).toEqual([]);
    const attribute = fileDetailsToXml({
      reportId: 1,
      fileId: 'f1',
      originalFileHash: [{ hashType: tricky, value: md5 }],
    });
    expect(parsed(attribute).children.find((c) => c.name === 'originalFileHash')?.attributes.hashType).toBe(
      tricky,
    );
  });

  it('refuses text XML cannot carry, naming the element, instead of altering evidence', () => {
    const withControl = { ...minimal, additionalInfo: 'bell \u0007 here' };
    expect(() => reportToXml(withControl)).toThrow(XmlCharacterError);
    expect(() => reportToXml(withControl)).toThrow(/\/report\/additionalInfo contains the character U\+0007/);
    const loneSurrogate = { reportId: 1, fileId: 'f1', fileName: 'bad\uD800.png' };
    expect(() => fileDetailsToXml(loneSurrogate)).toThrow(/\/fileDetails\/fileName .*U\+D800/);
    const inAttribute = {
      reportId: 1,
      fileId: 'f1',
      originalFileHash: [{ hashType: 'MD\u00005', value: md5 }],
    };
    expect(() => fileDetailsToXml(inAttribute)).toThrow(/\/fileDetails\/originalFileHash\/@hashType/);
  });
});
