// Completeness of a report before export: what blocks it, pointed at the element; what is worth adding,
// with why it matters; and whether NCMEC is likely to refer it or keep it informational, with reasons.
import { describe, expect, it } from 'vitest';
import { assessCompleteness } from '../../main/core/cybertip/completeness';
import type { FileDetailsDraft, ReportDraft } from '../../shared/cybertip';
import { NOW } from '../support/cybertip';

const report: ReportDraft = {
  incidentSummary: {
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    incidentDateTime: '2025-01-15T12:30:00Z',
  },
  internetDetails: [{ chatImIncident: { chatClient: 'Example Chat' } }],
  reporter: {
    reportingPerson: { email: [{ value: 'safety@example.com' }] },
    contactPerson: { email: [{ value: 'legal@example.com' }] },
  },
  personOrUserReported: [
    {
      screenName: 'generated_user',
      ipCaptureEvent: [{ ipAddress: '203.0.113.7', dateTime: '2025-01-15T12:29:00Z', port: 50123 }],
      estimatedLocation: { countryCode: 'US' },
      accountPermanentlyDisabled: { value: true },
    },
  ],
};

/** A file before upload: NCMEC has not assigned reportId and fileId yet. */
const file: FileDetailsDraft = {
  originalFileName: 'generated.png',
  uploadedToEspTimestamp: '2025-01-15T12:29:00Z',
  fileViewedByEsp: true,
  publiclyAvailable: false,
  fileRelevance: 'Reported',
  industryClassification: 'B1',
  originalFileHash: [{ hashType: 'SHA256', value: 'ab'.repeat(32) }],
  ipCaptureEvent: { ipAddress: '2001:db8::1', dateTime: '2025-01-15T12:29:00Z' },
};

describe('a complete report with user details, a file and a location', () => {
  const result = assessCompleteness(report, [file], { now: NOW });

  it('is exportable with nothing left to recommend', () => {
    expect(result).toMatchObject({ exportable: true, blocking: [], recommended: [] });
  });

  it('is likely a referral, and says why', () => {
    expect(result.referral.likely).toBe('referral');
    expect(result.referral.reasons).toEqual([
      expect.stringMatching(/^User details/),
      expect.stringMatching(/^Imagery: 1 file/),
      expect.stringMatching(/^Possible location: an IP address of the reported user/),
    ]);
  });
});

describe('what blocks export', () => {
  it('lists every required field of an empty draft, at its element', () => {
    const { exportable, blocking } = assessCompleteness({}, [], { now: NOW });
    expect(exportable).toBe(false);
    expect(blocking).toEqual([
      { path: '/report/incidentSummary', message: expect.stringMatching(/^Required: the incident summary/) },
      { path: '/report/reporter', message: expect.stringMatching(/^Required: the reporter/) },
      {
        path: '/report/reporter/reportingPerson',
        message: expect.stringMatching(/requires an email address for the reporting person/),
      },
    ]);
  });

  it('names the missing field inside a part that is there', () => {
    const draft: ReportDraft = {
      ...report,
      incidentSummary: { platform: 'Example App' },
      lawEnforcement: { caseNumber: 'CASE 1' },
      personOrUserReported: [
        { screenName: 'one', ipCaptureEvent: [{ ipAddress: '203.0.113.7' }, { eventName: 'Login' }] },
        { screenName: 'two', deviceId: [{ idValue: '490154203237518' }] },
      ],
      victim: [{ screenName: 'victim' }],
    };
    const paths = assessCompleteness(draft, [], { now: NOW }).blocking.map((b) => [b.path, b.message]);
    expect(paths).toEqual([
      ['/report/incidentSummary/incidentType', expect.stringMatching(/^Required: the incident type/)],
      ['/report/incidentSummary/incidentDateTime', expect.stringMatching(/^Required: when the incident/)],
      ['/report/lawEnforcement/agencyName', expect.stringMatching(/law enforcement agency/)],
      [
        '/report/personOrUserReported[1]/ipCaptureEvent[2]/ipAddress',
        'Required: the IP address. Fill it in before export.',
      ],
      ['/report/personOrUserReported[2]/deviceId/idType', expect.stringMatching(/kind of device id/)],
      ['/report/victim/victimPerson', expect.stringMatching(/victim's details/)],
    ]);
  });

  it('treats blank text as missing, and reports values the XSD would refuse with a fix', () => {
    const draft: ReportDraft = {
      ...report,
      incidentSummary: { incidentType: 'Child Sex Tourism', incidentDateTime: '15/01/2025 12:30' },
      reporter: {
        reportingPerson: {
          email: [{ value: 'safety@example.com', type: 'Work' }],
          phone: [{ value: '5550100', countryCallingCode: '1' }],
        },
      },
      personOrUserReported: [{ screenName: 'x', ipCaptureEvent: [{ ipAddress: '   ' }] }],
    };
    expect(assessCompleteness(draft, [], { now: NOW }).blocking).toEqual([
      {
        path: '/report/incidentSummary/incidentDateTime',
        message: 'Give a date and time with a time zone, e.g. 2025-01-15T12:30:00Z.',
      },
      {
        path: '/report/reporter/reportingPerson/phone/@countryCallingCode',
        message: expect.stringMatching(/\+ and one to three digits/),
      },
      {
        path: '/report/personOrUserReported/ipCaptureEvent/ipAddress',
        message: expect.stringMatching(/^Required: the IP address/),
      },
    ]);
  });

  it('reads an internetDetails by the one kind of incident it holds, and refuses two kinds at once', () => {
    const draft: ReportDraft = {
      ...report,
      internetDetails: [
        { webPageIncident: { url: ['https://example.com/ok'] } },
        { cellPhoneIncident: { latitude: 123 } },
        { chatImIncident: {}, webPageIncident: {} },
      ],
    };
    expect(assessCompleteness(draft, [], { now: NOW }).blocking).toEqual([
      {
        path: '/report/internetDetails[2]/cellPhoneIncident/latitude',
        message: 'A latitude is between -90 and 90.',
      },
      {
        path: '/report/internetDetails[3]',
        message: expect.stringMatching(/exactly one of webPageIncident/),
      },
    ]);
  });

  it("includes NCMEC's rules: a future incident time and a URL with whitespace", () => {
    const draft: ReportDraft = {
      ...report,
      incidentSummary: { ...report.incidentSummary, incidentDateTime: '2026-06-02T00:00:00+02:00' },
      internetDetails: [{ webPageIncident: { url: ['https://example.com/a', ' https://example.com/b'] } }],
    };
    expect(assessCompleteness(draft, [file], { now: NOW }).blocking).toEqual([
      { path: '/report/incidentSummary/incidentDateTime', message: expect.stringMatching(/in the future/) },
      {
        path: '/report/internetDetails/webPageIncident/url[2]',
        message: expect.stringMatching(/whitespace/),
      },
    ]);
    const justBefore = { ...draft.incidentSummary, incidentDateTime: '2026-06-01T01:59:59+02:00' };
    const ok = assessCompleteness({ ...report, incidentSummary: justBefore }, [file], { now: NOW });
    expect(ok.blocking).toEqual([]);
  });

  it('points at the file: classification on a file that is not Reported, meme flag and annotations both', () => {
    const files: FileDetailsDraft[] = [
      file,
      { ...file, fileRelevance: 'Supplemental Reported' },
      { ...file, potentialMeme: true, fileAnnotations: { viral: true } },
      { ...file, originalFileHash: [{ value: 'ab'.repeat(16) }] },
    ];
    const { blocking, exportable } = assessCompleteness(report, files, { now: NOW });
    expect(exportable).toBe(false);
    expect(blocking).toEqual([
      {
        file: 1,
        path: '/fileDetails/industryClassification',
        message: expect.stringMatching(/only on files whose fileRelevance is Reported/),
      },
      { file: 2, path: '/fileDetails/potentialMeme', message: expect.stringMatching(/not both/) },
      {
        file: 3,
        path: '/fileDetails/originalFileHash/@hashType',
        message: expect.stringMatching(/hash algorithm/),
      },
    ]);
  });

  it('does not ask for reportId and fileId, which NCMEC assigns at upload', () => {
    expect(
      assessCompleteness(report, [{ ...file, reportId: undefined, fileId: undefined }]).blocking,
    ).toEqual([]);
  });
});

describe('what is worth adding', () => {
  it('asks for the reported user, files and where it happened, saying why each matters', () => {
    const bare: ReportDraft = {
      incidentSummary: report.incidentSummary,
      reporter: { reportingPerson: { email: [{ value: 'safety@example.com' }] } },
    };
    const { exportable, recommended } = assessCompleteness(bare, [], { now: NOW });
    expect(exportable).toBe(true);
    expect(recommended.map((r) => r.path)).toEqual([
      '/report/internetDetails',
      '/report/personOrUserReported',
      '/report/reporter/contactPerson',
      '/fileDetails',
    ]);
    expect(recommended.find((r) => r.path === '/report/personOrUserReported')?.why).toMatch(/legal process/);
    expect(recommended.every((r) => r.field.length > 0 && r.why.length > 40)).toBe(true);
  });

  it('asks for the time of every IP address, and the port only where NAT makes it matter (IPv4)', () => {
    const draft: ReportDraft = {
      ...report,
      personOrUserReported: [
        {
          ...report.personOrUserReported?.[0],
          ipCaptureEvent: [{ ipAddress: '203.0.113.9' }, { ipAddress: '2001:db8::9' }],
        },
      ],
    };
    const recommended = assessCompleteness(draft, [file], { now: NOW }).recommended;
    expect(recommended.map((r) => r.path)).toEqual([
      '/report/personOrUserReported/ipCaptureEvent[1]/dateTime',
      '/report/personOrUserReported/ipCaptureEvent[1]/port',
      '/report/personOrUserReported/ipCaptureEvent[2]/dateTime',
    ]);
    expect(recommended[1]?.why).toMatch(/carrier-grade NAT/);
  });

  it("asks per file for hashes, whether staff viewed it (Wilson), and a Reported file's classification", () => {
    const files: FileDetailsDraft[] = [
      {
        fileRelevance: 'Reported',
        details: [{ type: 'EXIF', nameValuePair: [{ name: 'Make', value: 'X' }] }],
      },
    ];
    const recommended = assessCompleteness(report, files, { now: NOW }).recommended;
    expect(recommended.map((r) => [r.file, r.path])).toEqual([
      [0, '/fileDetails/originalFileHash'],
      [0, '/fileDetails/fileViewedByEsp'],
      [0, '/fileDetails/exifViewedByEsp'],
      [0, '/fileDetails/originalFileName'],
      [0, '/fileDetails/uploadedToEspTimestamp'],
      [0, '/fileDetails/industryClassification'],
      [0, '/fileDetails/publiclyAvailable'],
      [0, '/fileDetails/ipCaptureEvent'],
    ]);
    expect(recommended[1]?.why).toMatch(/warrant/);
  });
});

describe('the referral estimate', () => {
  const likely = (draft: ReportDraft, files: FileDetailsDraft[] = [file]) =>
    assessCompleteness(draft, files, { now: NOW }).referral;

  it('is informational without files, saying imagery is missing', () => {
    const estimate = likely(report, []);
    expect(estimate.likely).toBe('informational');
    expect(estimate.reasons).toContain('No imagery: no files go with the report.');
  });

  it('is informational without an identified user of your service', () => {
    expect(likely({ ...report, personOrUserReported: [] }).likely).toBe('informational');
    const thirdParty = [{ ...report.personOrUserReported?.[0], thirdPartyUserReported: true }];
    expect(likely({ ...report, personOrUserReported: thirdParty }).reasons[0]).toMatch(/^No user details/);
  });

  it('is informational without any hint of location, and counts each kind of hint', () => {
    const user = { screenName: 'generated_user' };
    const noIpFile = { ...file, ipCaptureEvent: undefined };
    const withUser = (extra: ReportDraft) => ({ ...report, personOrUserReported: [user], ...extra });
    expect(likely(withUser({}), [noIpFile]).reasons[2]).toMatch(/^No possible location/);
    expect(likely(withUser({}), [file]).reasons[2]).toMatch(/uploaded from/);
    const hints: Array<[ReportDraft, RegExp]> = [
      [
        { personOrUserReported: [{ ...user, estimatedLocation: { city: 'Example City' } }] },
        /estimated location/,
      ],
      [{ victim: [{ victimPerson: { address: [{ city: 'Example City' }] } }] }, /postal address/],
      [{ internetDetails: [{ cellPhoneIncident: { latitude: 1, longitude: 2 } }] }, /coordinates/],
      [{ internetDetails: [{ nonInternetIncident: { incidentAddress: [{ city: 'X' }] } }] }, /address where/],
      [
        { internetDetails: [{ peer2peerIncident: { ipCaptureEvent: [{ ipAddress: '198.51.100.2' }] } }] },
        /peer/,
      ],
    ];
    for (const [extra, reason] of hints) {
      const estimate = likely(withUser(extra), [noIpFile]);
      expect(estimate.likely).toBe('referral');
      expect(estimate.reasons[2]).toMatch(reason);
    }
  });
});
