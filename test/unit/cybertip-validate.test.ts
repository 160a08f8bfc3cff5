// `custody report validate` and the validator behind it: NCMEC's examples pass (responses are recognised
// and refused as submissions), built reports pass both our validator and xmllint, each documented mistake
// is rejected at its element and line, and hostile or mangled input never throws nor passes as another kind.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { report as reportCommand } from '../../main/cli/commands/report';
import { runReportValidate } from '../../main/cli/commands/report-validate';
import { runCommand, type Io } from '../../main/cli/io';
import type { FileDetails, Report } from '../../shared/cybertip';
import {
  loadCyberTipValidator,
  validateCyberTipXml,
  type CyberTipValidation,
  type CyberTipValidator,
} from '../../main/core/cybertip/validate';
import { fileDetailsToXml } from '../../main/core/cybertip/file-details-xml';
import { reportToXml } from '../../main/core/cybertip/report-xml';
import {
  loadXsd,
  MAX_XML_CHARS,
  MAX_XML_TAGS,
  readBundledXsd,
  XsdInvalidError,
} from '../../main/core/cybertip/xsd';
import { bundledXsdPath, ncmecExamples, NOW, xmllintSchema } from '../support/cybertip';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

const report: Report = {
  incidentSummary: {
    incidentType: 'Child Pornography (possession, manufacture, and distribution)',
    platform: 'Example App',
    escalateToHighPriority: 'Generated escalation reason',
    reportAnnotations: { sextortion: true },
    incidentDateTime: '2025-01-15T12:30:00Z',
  },
  internetDetails: [{ webPageIncident: { url: ['https://example.com/post/1'] } }],
  reporter: {
    reportingPerson: { firstName: 'Alice', lastName: 'Reporter', email: [{ value: 'safety@example.com' }] },
  },
  personOrUserReported: [
    {
      espIdentifier: 'user-42',
      screenName: 'generated_user',
      ipCaptureEvent: [{ ipAddress: '203.0.113.7', dateTime: '2025-01-15T12:29:00Z', port: 443 }],
    },
  ],
};

const file: FileDetails = {
  reportId: 4564654,
  fileId: 'b0754af766b426f2928a02c651ed4b99',
  originalFileName: 'generated.png',
  fileViewedByEsp: true,
  fileRelevance: 'Reported',
  fileAnnotations: { generativeAi: true },
  industryClassification: 'A2',
  originalFileHash: [{ hashType: 'MD5', value: '9e107d9d372bb6826bd81d3542a419d6' }],
  ipCaptureEvent: { ipAddress: '203.0.113.7', eventName: 'Upload', dateTime: '2025-01-15T12:29:00Z' },
  details: [{ type: 'EXIF', nameValuePair: [{ name: 'Model', value: 'Example Camera' }] }],
};

/** One report per kind of incident, so every branch of the internetDetails choice is exercised. */
const incidentVariants: Report['internetDetails'] = [
  { webPageIncident: { thirdPartyHostedContent: true, url: ['https://example.com/a'] } },
  { emailIncident: { emailAddress: [{ value: 'sender@example.com', type: 'Recovery' }] } },
  { newsgroupIncident: { name: 'alt.example' } },
  { chatImIncident: { chatClient: 'Example Chat' } },
  { onlineGamingIncident: { gameName: 'Example Game' } },
  { cellPhoneIncident: { phoneNumber: { value: '5550100', type: 'Mobile' }, latitude: 1.5, longitude: -2 } },
  { nonInternetIncident: { incidentAddress: [{ city: 'Example City', country: 'CA' }] } },
  { peer2peerIncident: { client: 'Example P2P', ipCaptureEvent: [{ ipAddress: '198.51.100.1' }] } },
];

let validator: CyberTipValidator;
beforeAll(async () => {
  validator = await loadCyberTipValidator();
});

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, stdinIsTty: false }, out, err };
}

/** The 1-based line of the `nth` (1-based) occurrence of `needle`. */
function lineOf(xml: string, needle: string, nth = 1): number {
  let index = -1;
  for (let i = 0; i < nth; i++) index = xml.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not found`);
  return xml.slice(0, index).split('\n').length;
}

async function cli(xml: string, name = 'case.xml') {
  const path = join(await tempDir(), name);
  await writeFile(path, xml);
  const { io, out, err } = capture();
  const code = await runReportValidate([path], io);
  return { path, code, out, err };
}

async function xmllint(xml: string): Promise<number> {
  const path = join(await tempDir(), 'document.xml');
  await writeFile(path, xml);
  return (await xmllintSchema(path)).code;
}

describe("NCMEC's reference files", () => {
  const examples = readdirSync(ncmecExamples).sort();
  const read = (name: string) => readFileSync(join(ncmecExamples, name), 'utf8');

  it("include NCMEC's XSD of November 2025, byte for byte, as the bundled schema", () => {
    const pinned = readFileSync(fixture('ncmec', 'cyber_tipline.xsd.sha256'), 'utf8').split(' ')[0];
    expect(createHash('sha256').update(readFileSync(bundledXsdPath)).digest('hex')).toBe(pinned);
  });

  it('are all accounted for: maximal submissions and documented responses', () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const name of examples) expect(name).toMatch(/^((report|fileDetails)_maximal_valid|resp_\w+)\.xml$/);
  });

  it('validate when they are submissions', async () => {
    for (const name of examples.filter((n) => n.includes('_maximal_valid'))) {
      const kind = name.startsWith('report') ? 'report' : 'fileDetails';
      expect(await validateCyberTipXml(read(name))).toEqual({ kind, errors: [] });
      const { code, out, err, path } = await cli(read(name), name);
      expect({ code, out, err }).toEqual({ code: 0, out: [`ok: ${path} is a valid ${kind}`], err: [] });
    }
  });

  it('match the XSD when they are responses, which report validate refuses as not submissions', async () => {
    const schema = await loadXsd(await readBundledXsd());
    for (const name of examples.filter((n) => n.startsWith('resp_'))) {
      const checked = schema.check(read(name));
      expect(checked.wellFormed && checked.xsdErrors).toEqual([]);
      const result = await validateCyberTipXml(read(name));
      expect(result.kind).toBe('unknown');
      expect(result.errors).toEqual([
        expect.objectContaining({ source: 'parse', message: expect.stringMatching(/answer from NCMEC/) }),
      ]);
    }
  });
});

describe('built reports', () => {
  it('pass our validator and xmllint, for every kind of incident', async () => {
    const documents = [
      fileDetailsToXml(file),
      ...(incidentVariants ?? []).map((variant) => reportToXml({ ...report, internetDetails: [variant] })),
    ];
    for (const xml of documents) {
      expect(validator.validate(xml, { now: NOW }).errors).toEqual([]);
      expect(await xmllint(xml)).toBe(0);
    }
  });

  it('report validate says ok and exits 0', async () => {
    const { code, out, err, path } = await cli(reportToXml(report));
    expect({ code, out, err }).toEqual({ code: 0, out: [`ok: ${path} is a valid report`], err: [] });
  });
});

describe('report validate rejects', () => {
  const reportXml = reportToXml(report);
  const fileXml = fileDetailsToXml(file);

  const cases: Array<{
    name: string;
    xml: string;
    path: string;
    line: number;
    source: 'xsd' | 'rule';
    message: RegExp;
  }> = [
    {
      name: 'elements out of schema order',
      xml: reportXml.replace(
        /( *<platform>.*<\/platform>\n)( *<escalateToHighPriority>.*<\/escalateToHighPriority>\n)/,
        '$2$1',
      ),
      path: '/report/incidentSummary/platform',
      line: lineOf(reportXml, '<escalateToHighPriority>'),
      source: 'xsd',
      message: /not expected/,
    },
    {
      name: 'an annotation flag set to false',
      xml: reportXml.replace('<sextortion>true</sextortion>', '<sextortion>false</sextortion>'),
      path: '/report/incidentSummary/reportAnnotations/sextortion',
      line: lineOf(reportXml, '<sextortion>'),
      source: 'xsd',
      message: /fixed value/,
    },
    {
      name: 'two ipCaptureEvents in fileDetails',
      xml: fileXml.replace(/( *<ipCaptureEvent>[\s\S]*?<\/ipCaptureEvent>\n)/, '$1$1'),
      path: '/fileDetails/ipCaptureEvent[2]',
      line: lineOf(fileXml, '</ipCaptureEvent>') + 1,
      source: 'xsd',
      message: /not expected/,
    },
    {
      name: 'potentialMeme together with fileAnnotations',
      xml: fileDetailsToXml({ ...file, potentialMeme: true }),
      path: '/fileDetails/fileAnnotations',
      line: lineOf(fileXml, '<fileAnnotations>') + 1,
      source: 'xsd',
      message: /not expected/,
    },
    {
      name: 'an incidentDateTime in the future',
      xml: reportToXml({
        ...report,
        incidentSummary: { ...report.incidentSummary, incidentDateTime: '2999-01-01T00:00:00Z' },
      }),
      path: '/report/incidentSummary/incidentDateTime',
      line: lineOf(reportXml, '<incidentDateTime>'),
      source: 'rule',
      message: /in the future/,
    },
    {
      name: 'a URL with a space',
      xml: reportToXml({
        ...report,
        internetDetails: [{ webPageIncident: { url: ['https://example.com/a b'] } }],
      }),
      path: '/report/internetDetails/webPageIncident/url',
      line: lineOf(reportXml, '<url>'),
      source: 'rule',
      message: /whitespace/,
    },
    {
      name: 'a reporting person without email',
      xml: reportToXml({
        ...report,
        reporter: { reportingPerson: { firstName: 'Alice', lastName: 'Reporter' } },
      }),
      path: '/report/reporter/reportingPerson',
      line: lineOf(reportXml, '<reportingPerson>'),
      source: 'rule',
      message: /requires an email address/,
    },
  ];

  it.each(cases)('$name, at the element and its line', async ({ xml, path, line, source, message }) => {
    const result = validator.validate(xml, { now: NOW });
    expect(result.errors).toEqual([
      expect.objectContaining({ path, line, source, message: expect.stringMatching(message) }),
    ]);
    const ran = await cli(xml);
    expect(ran.code).toBe(1);
    expect(ran.out).toEqual([]);
    expect(ran.err).toHaveLength(1);
    expect(ran.err[0]).toMatch(new RegExp(`^${ran.path}:${line}: ${path.replace(/[[\]]/g, '\\$&')}: `));
    expect(ran.err[0]).toMatch(message);
  });

  it('as xmllint does in the XSD cases, and where xmllint cannot in the rule cases', async () => {
    for (const { xml, source } of cases) expect(await xmllint(xml)).toBe(source === 'xsd' ? 3 : 0);
  });

  it('industryClassification on a file that is not Reported', () => {
    const result = validator.validate(fileDetailsToXml({ ...file, fileRelevance: 'Supplemental Reported' }));
    expect(result.errors.map((e) => [e.path, e.rule])).toEqual([
      ['/fileDetails/industryClassification', 'classification-only-on-reported'],
    ]);
  });

  it('prints every problem of every file, one per line, and JSON on request', async () => {
    const good = join(await tempDir(), 'good.xml');
    const bad = join(await tempDir(), 'bad.xml');
    await writeFile(good, reportXml);
    await writeFile(
      bad,
      reportToXml({
        ...report,
        internetDetails: [{ webPageIncident: { url: ['https://example.com/ 1'] } }],
        reporter: { reportingPerson: {} },
      }),
    );
    const text = capture();
    expect(await runReportValidate([good, bad], text.io)).toBe(1);
    expect(text.out).toEqual([`ok: ${good} is a valid report`]);
    expect(text.err).toHaveLength(2);
    const json = capture();
    expect(await runReportValidate(['--json', good, bad], json.io)).toBe(1);
    const parsed = JSON.parse(json.out[0] ?? '') as {
      ok: boolean;
      files: Array<{ file: string; valid: boolean }>;
    };
    expect(parsed.ok).toBe(false);
    expect(parsed.files.map((f) => [f.file, f.valid])).toEqual([
      [good, true],
      [bad, false],
    ]);
  });

  it('files it cannot read, and no files at all, as bad usage (exit 2)', async () => {
    const missing = capture();
    expect(
      await runCommand(
        'report',
        reportCommand,
        ['validate', join(await tempDir(), 'absent.xml')],
        missing.io,
      ),
    ).toBe(2);
    expect(missing.err[0]).toMatch(/^custody report: Cannot read .*absent\.xml/);
    expect(await runCommand('report', reportCommand, ['validate'], capture().io)).toBe(2);
  });

  it('a file that is not UTF-8', async () => {
    const path = join(await tempDir(), 'latin1.xml');
    await writeFile(path, Buffer.from(reportXml.replace('Alice', 'Al\u00efce'), 'latin1'));
    const { io, err } = capture();
    expect(await runReportValidate([path], io)).toBe(1);
    expect(err).toEqual([`${path}: /: The file is not UTF-8 text; NCMEC receives reports as UTF-8.`]);
  });
});

describe('mangled input', () => {
  const originals = [
    { kind: 'report' as const, xml: reportToXml(report), end: '</report>' },
    { kind: 'fileDetails' as const, xml: fileDetailsToXml(file), end: '</fileDetails>' },
  ];

  function expectSafe(result: CyberTipValidation, kind: 'report' | 'fileDetails'): void {
    expect(result.errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    if (result.errors.length === 0) expect(result.kind).toBe(kind);
  }

  it('truncated anywhere is rejected, without throwing', () => {
    for (const { kind, xml, end } of originals) {
      const complete = xml.indexOf(end) + end.length;
      for (let cut = 0; cut < xml.length; cut += 3) {
        const result = validator.validate(xml.slice(0, cut), { now: NOW });
        expectSafe(result, kind);
        if (cut < complete) expect(result.errors.length).toBeGreaterThan(0);
      }
    }
  });

  it('with random bytes flipped never throws and never validates as another kind', () => {
    const { next } = seededRandom(0xc0ffee);
    let stillValid = 0;
    for (let round = 0; round < 1500; round++) {
      const original = originals[round % 2];
      if (!original) continue;
      const bytes = Buffer.from(original.xml, 'utf8');
      const flips = 1 + Math.floor(next() * 4);
      for (let i = 0; i < flips; i++) {
        const at = Math.floor(next() * bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(next() * 8));
      }
      const result = validator.validate(bytes.toString('utf8'), { now: NOW });
      expectSafe(result, original.kind);
      if (result.errors.length === 0) stillValid++;
    }
    // Some flips land in text and stay valid; most must not.
    expect(stillValid).toBeLessThan(1500 / 10);
  });

  it('that is not XML, or not text, comes back as errors', () => {
    for (const input of [
      '',
      'hello',
      '<',
      '<?xml version="1.0"?>',
      '\u0000\u0001',
      '{"report":{}}',
      '<a><b></a>',
    ]) {
      const result = validator.validate(input);
      expect(result.kind).toBe('unknown');
      expect(result.errors.length).toBeGreaterThan(0);
    }
    expect(validator.validate(42 as unknown as string).errors[0]?.message).toMatch(/not text/);
  });

  it('with another root, or NCMEC elements in a namespace, is not a submission', () => {
    const namespaced = reportToXml(report).replace('<report>', '<report xmlns="urn:example">');
    expect(validator.validate(namespaced)).toEqual({
      kind: 'unknown',
      errors: [expect.objectContaining({ source: 'parse', message: expect.stringMatching(/namespace/) })],
    });
    expect(validator.validate('<reportResponse/>').errors[0]?.message).toMatch(/answer from NCMEC/);
    expect(validator.validate('<html/>').errors[0]?.message).toMatch(/root element is <html>/);
  });
});

describe('hostile input', () => {
  const laughs = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE report [',
    '  <!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
    '<report>&lol9;</report>',
  ].join('\n');

  it('refuses entity expansion (billion laughs) before parsing, quickly', () => {
    const started = performance.now();
    const result = validator.validate(laughs);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toEqual({
      kind: 'unknown',
      errors: [
        {
          path: '/',
          line: 2,
          source: 'parse',
          message: expect.stringMatching(/<!DOCTYPE: DTDs and entity declarations are refused/),
        },
      ],
    });
  });

  it('refuses external entities, parameter entities and a DOCTYPE hidden behind a comment', () => {
    const inputs = [
      '<?xml version="1.0"?><!DOCTYPE report [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>',
      '<!DOCTYPE report [<!ENTITY % p SYSTEM "http://example.com/evil.dtd"> %p;]><report/>',
      '<!-- <report> --><!DOCTYPE report SYSTEM "http://example.com/evil.dtd"><report/>',
      '<report><!ENTITY x "y"></report>',
    ];
    for (const input of inputs) {
      const result = validator.validate(input);
      expect(result.kind).toBe('unknown');
      expect(result.errors[0]?.message).toMatch(/refused/);
      expect(JSON.stringify(result)).not.toMatch(/root:/);
    }
  });

  it('rejects entity references with no declaration', () => {
    const result = validator.validate('<report>&lol;</report>');
    expect(result.kind).toBe('unknown');
    expect(result.errors[0]?.message).toMatch(/Entity 'lol' not defined/);
  });

  it('refuses oversized input and floods of tiny elements without parsing them', () => {
    const started = performance.now();
    const huge = validator.validate(`<report>${'x'.repeat(MAX_XML_CHARS)}</report>`);
    expect(huge.errors[0]?.message).toMatch(/the limit is/);
    const flood = validator.validate(`<report>${'<x/>'.repeat(MAX_XML_TAGS)}</report>`);
    expect(flood.errors[0]?.message).toMatch(/more than 100000 tags/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("rejects deep nesting at libxml2's depth limit, without overflowing", () => {
    const deep = validator.validate(`<report>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</report>`);
    expect(deep.kind).toBe('unknown');
    expect(deep.errors[0]?.message).toMatch(/depth/i);
  });

  it('refuses a declared encoding other than UTF-8', () => {
    const latin1 = reportToXml(report).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(validator.validate(latin1).errors[0]?.message).toMatch(/declare encoding="UTF-8"/);
  });

  it('keeps working after all of the above', () => {
    expect(validator.validate(reportToXml(report), { now: NOW })).toEqual({ kind: 'report', errors: [] });
  });
});

describe('schemas', () => {
  it('a newer XSD from NCMEC can replace the bundled one', async () => {
    const bundled = await readBundledXsd();
    const newer = bundled.replace(
      '<xs:enumeration value="Supplemental Reported"',
      '<xs:enumeration value="Context"/>\n<xs:enumeration value="Supplemental Reported"',
    );
    expect(newer).not.toBe(bundled);
    const xml = fileDetailsToXml({ reportId: 1, fileId: 'f1', fileRelevance: 'Reported' }).replace(
      '>Reported<',
      '>Context<',
    );
    expect(validator.validate(xml).errors).toEqual([
      expect.objectContaining({ path: '/fileDetails/fileRelevance' }),
    ]);
    expect((await loadCyberTipValidator({ xsd: newer })).validate(xml).errors).toEqual([]);
  });

  it('a schema that does not compile is refused with a typed error', async () => {
    await expect(loadXsd('<xs:schema')).rejects.toBeInstanceOf(XsdInvalidError);
    await expect(loadXsd('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).rejects.toBeInstanceOf(XsdInvalidError);
    await expect(loadCyberTipValidator({ xsd: '<notASchema/>' })).rejects.toBeInstanceOf(XsdInvalidError);
  });
});
