// Why the open case's report cannot be saved, exported or submitted, per role and per state, from the
// contract's access rules (which the role policy states).
import { describe, expect, it } from 'vitest';
import type { SubmissionView } from '../../shared/cases';
import type { Role } from '../../shared/domain';
import {
  exportBlocked,
  saveBlocked,
  submitBlocked,
  type EditorFacts,
} from '../../renderer/src/report/permissions';
import type { NcmecSettings } from '../../renderer/src/report/submission';

const roles: Role[] = ['analyst', 'supervisor', 'counsel', 'admin'];
const clean: EditorFacts = { dirty: false, view: { completeness: { blocking: [] } } };
const settings: NcmecSettings = {
  environment: 'test',
  endpoint: 'https://exttest.cybertip.org/ispws',
  username: 'esp',
  productionConfirmedAt: null,
};

function submission(state: SubmissionView['state'], reportId: number | null = null) {
  return { state, reportId };
}

describe('saveBlocked', () => {
  it('lets every role the contract allows save, and no one without a session', () => {
    for (const role of roles) expect(saveBlocked(role)).toBeNull();
    expect(saveBlocked(undefined)).toBe(
      'Your role (unknown) cannot change reports: ask an analyst, supervisor, counsel or admin.',
    );
  });
});

describe('exportBlocked', () => {
  it('refuses an analyst and names who may export', () => {
    expect(exportBlocked('analyst', clean)).toBe(
      'Your role (analyst) cannot export report packages: ask a supervisor, counsel or admin.',
    );
    for (const role of ['supervisor', 'counsel', 'admin'] as const)
      expect(exportBlocked(role, clean)).toBeNull();
  });

  it('waits for the report, for a save, and for what must be filled', () => {
    expect(exportBlocked('admin', undefined)).toBe('The report is still loading.');
    expect(exportBlocked('admin', { ...clean, dirty: true })).toMatch(/^Save your changes first/);
    expect(exportBlocked('admin', { dirty: false, view: { completeness: { blocking: [1] } } })).toBe(
      'Fix the problem under “Must fill” first.',
    );
    expect(exportBlocked('admin', { dirty: false, view: { completeness: { blocking: [1, 2] } } })).toBe(
      'Fix the 2 problems under “Must fill” first.',
    );
  });
});

describe('submitBlocked', () => {
  it('lets only supervisors and admins submit', () => {
    expect(submitBlocked('analyst', clean, settings, null, null)).toBe(
      'Your role (analyst) cannot submit reports to NCMEC: ask a supervisor or admin.',
    );
    expect(submitBlocked('counsel', clean, settings, null, null)).toMatch(/^Your role \(counsel\) cannot/);
    expect(submitBlocked('supervisor', clean, settings, null, null)).toBeNull();
    expect(submitBlocked('admin', clean, settings, null, null)).toBeNull();
  });

  it('never submits a case twice, nor while another submission runs', () => {
    expect(submitBlocked('admin', clean, settings, submission('finished', 42), null)).toBe(
      'Already reported as CyberTipline report 42; a case is never submitted twice.',
    );
    expect(submitBlocked('admin', clean, settings, null, 'another-case')).toBe('A submission is under way.');
  });

  it('asks for an ambiguous submission to be resolved first, and lets an expired or failed one be sent anew', () => {
    expect(submitBlocked('admin', clean, settings, submission('ambiguous'), null)).toMatch(
      /^This case’s submission stopped \(ambiguous\).*custody report resolve/,
    );
    for (const state of ['expired', 'failed', 'ready'] as const)
      expect(submitBlocked('admin', clean, settings, submission(state), null)).toBeNull();
  });

  it('needs NCMEC set up (by an admin, the contract says), a saved report and nothing left to fill', () => {
    expect(submitBlocked('supervisor', clean, null, null, null)).toBe(
      'NCMEC is not set up for this vault yet: an admin sets it in NCMEC settings (N).',
    );
    expect(submitBlocked('admin', { ...clean, dirty: true }, settings, null, null)).toMatch(
      /^Save your changes/,
    );
    expect(
      submitBlocked(
        'admin',
        { dirty: false, view: { completeness: { blocking: [1] } } },
        settings,
        null,
        null,
      ),
    ).toBe('Fix the problem under “Must fill” first.');
  });
});
