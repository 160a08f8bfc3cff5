// Composing the report to save from the form's draft and the JSON editors: blank fields dropped, JSON
// that does not parse or names a field the XSD lacks stops the save with the editor named, and a draft
// compares equal to itself whatever order its keys were written in.
import { describe, expect, it } from 'vitest';
import {
  composeReport,
  editOf,
  fingerprint,
  jsonEditors,
  parseJsonEditor,
  userEditorId,
  type ReportEdit,
} from '../../renderer/src/report/model';

function edit(draft: Record<string, unknown>, json: Record<string, string> = {}): ReportEdit {
  const base = editOf(draft);
  return { ...base, json: { ...base.json, ...json } };
}

describe('composeReport', () => {
  it('lays the form over what the JSON editors hold, and drops what was left blank', () => {
    const composed = composeReport(
      edit(
        {
          incidentSummary: { incidentType: 'Child Pornography (possession, manufacture, and distribution)' },
          reporter: { reportingPerson: { firstName: 'Sam', lastName: '' } },
          additionalInfo: '',
        },
        { reporter: '{ "contactPerson": { "firstName": "Kim" } }' },
      ),
    );
    expect(composed).toEqual({
      ok: true,
      report: {
        incidentSummary: { incidentType: 'Child Pornography (possession, manufacture, and distribution)' },
        reporter: { contactPerson: { firstName: 'Kim' }, reportingPerson: { firstName: 'Sam' } },
      },
    });
  });

  it('names every JSON editor that stops the save', () => {
    const composed = composeReport(edit({}, { victim: '[{', lawEnforcement: '{ "agencyName": "x" }' }));
    expect(composed.ok).toBe(false);
    if (composed.ok) return;
    expect(composed.problems.map((p) => p.editor).sort()).toEqual(['lawEnforcement', 'victim']);
    const lawEnforcement = composed.problems.find((p) => p.editor === 'lawEnforcement');
    expect(lawEnforcement?.message).toMatch(/agencyName is edited in the form above/);
  });

  it('keeps each reported user with its own JSON editor', () => {
    const base = editOf({ personOrUserReported: [{ screenName: 'one' }, { screenName: 'two' }] });
    const second = userEditorId(base.userKeys[1] ?? '');
    const composed = composeReport({ ...base, json: { ...base.json, [second]: '{ "bogus": 1 }' } });
    expect(composed.ok).toBe(false);
    if (composed.ok) return;
    expect(composed.problems).toHaveLength(1);
    expect(composed.problems[0]?.editor).toBe(second);
    expect(composed.problems[0]?.label).toMatch(/^Reported user 2:/);
  });
});

describe('parseJsonEditor', () => {
  it('reads blank text as nothing there', () => {
    expect(parseJsonEditor('  ', jsonEditors.victim)).toEqual({ ok: true, value: [] });
    expect(parseJsonEditor('', jsonEditors.reporter)).toEqual({ ok: true, value: {} });
  });

  it('checks each list entry and says which one is wrong', () => {
    const parsed = parseJsonEditor(
      '[{ "webPageIncident": {} }, { "emailIncident": {}, "x": 1 }]',
      jsonEditors.internetDetails,
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/^Entry 2: Each internet detail holds exactly one of /);
  });

  it('refuses a list where an object belongs', () => {
    expect(parseJsonEditor('[]', jsonEditors.reporter)).toEqual({
      ok: false,
      message: 'Give a JSON object: { … }.',
    });
  });
});

describe('fingerprint', () => {
  it('is the same for the same report written in another key order, and null when it cannot compose', () => {
    const a = edit({ incidentSummary: { platform: 'P', incidentType: 'T' } });
    const b = edit({ incidentSummary: { incidentType: 'T', platform: 'P' } });
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(fingerprint(edit({ incidentSummary: { platform: 'Q', incidentType: 'T' } }))).not.toBe(
      fingerprint(a),
    );
    expect(fingerprint(edit({}, { victim: 'not json' }))).toBeNull();
  });
});
