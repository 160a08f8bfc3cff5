// The builder shows each step of a submission as the core pushes it (the `submission.progress` event),
// for the submission in flight and for the background outbox, and stops listening when the session ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSubmission } from '../../renderer/src/report/submission';
import { submissionProgress } from '../support/event-samples';
import { deferred, fakeCore, ok, type FakeCore } from './support';

let core: FakeCore;

beforeEach(() => {
  core = fakeCore();
  core.answer('ncmec.settings', () => ok({ settings: null }));
  core.answer('outbox.list', () => ok({ submissions: [] }));
  core.answer('cases.list', () => ok({ cases: [] }));
});

afterEach(() => useSubmission.getState().stop());

describe('submission progress', () => {
  it('shows every pushed step while cases.submit is still running, then the answer', async () => {
    const answer = deferred<ReturnType<typeof ok<typeof submissionProgress>>>();
    core.answer('cases.submit', () => answer.promise);
    useSubmission.getState().start();
    const submitting = useSubmission.getState().submit('case-1');
    expect(useSubmission.getState().inFlight).toBe('case-1');

    expect(core.push('submission.progress', submissionProgress)).toBe(1);
    expect(useSubmission.getState().byCase['case-1']).toMatchObject({ state: 'opened', reportId: 4242 });
    const uploaded = {
      ...submissionProgress,
      files: submissionProgress.files.map((f) => ({ ...f, state: 'uploaded' as const, fileId: 'f1' })),
    };
    core.push('submission.progress', uploaded);
    expect(useSubmission.getState().byCase['case-1']?.files[0]).toMatchObject({ state: 'uploaded' });
    expect(core.callsTo('cases.submission'), 'no polling').toEqual([]);

    answer.resolve(ok({ ...uploaded, state: 'finished' as const }));
    await submitting;
    expect(useSubmission.getState().byCase['case-1']).toMatchObject({ state: 'finished' });
    expect(useSubmission.getState().inFlight).toBeNull();
  });

  it('shows a background outbox finishing a report and refreshes the outbox', async () => {
    useSubmission.getState().start();
    const before = core.callsTo('outbox.list').length;
    core.push('submission.progress', { ...submissionProgress, caseId: 'case-2', state: 'finished' });
    expect(useSubmission.getState().byCase['case-2']).toMatchObject({ state: 'finished' });
    expect(core.callsTo('outbox.list').length).toBe(before + 1);
  });

  it('stops listening when the session ends', () => {
    useSubmission.getState().start();
    useSubmission.getState().stop();
    expect(core.push('submission.progress', submissionProgress)).toBe(0);
    expect(useSubmission.getState().byCase).toEqual({});
  });
});
