// The open case's submission to NCMEC: each step while it runs (announced), the receipt once NCMEC has
// finished the report, or what stopped it and what to do.
import type { SubmissionView } from '../../../shared/cases';
import { CopyButton } from '../workspace/CopyButton';
import { progressLine, whatToDo, useSubmission } from './submission';

const fileStates: Record<SubmissionView['files'][number]['state'], string> = {
  pending: 'Waiting',
  uploading: 'Uploading…',
  uploaded: 'Uploaded',
  described: 'Uploaded and described',
};

function time(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

function Progress({ submission, inFlight }: { submission: SubmissionView | null; inFlight: boolean }) {
  const steps: Array<{ label: string; done: boolean; current: boolean }> = [];
  const state = submission?.state ?? 'ready';
  const opened = submission?.reportId !== null && submission?.reportId !== undefined;
  steps.push({ label: opened ? 'Report sent' : 'Sending the report', done: opened, current: !opened });
  steps.push({
    label: opened ? `Opened as report ${submission?.reportId ?? ''}` : 'Opened by NCMEC',
    done: opened,
    current: false,
  });
  const files = submission?.files ?? [];
  for (const file of files) {
    steps.push({
      label: `${file.fileName}: ${fileStates[file.state]}`,
      done: file.state === 'described',
      current: opened && file.state !== 'described' && file.state !== 'pending',
    });
  }
  const finished = state === 'finished';
  steps.push({
    label: 'Finished',
    done: finished,
    current: opened && files.every((f) => f.state === 'described') && !finished,
  });
  return (
    <section className="submission-panel is-progress" aria-label="Submission progress" aria-busy={inFlight}>
      <header>
        <h3>Submitting to NCMEC…</h3>
      </header>
      <ol className="submission-steps">
        {steps.map((step) => (
          <li
            key={step.label}
            className={step.done ? 'is-done' : step.current ? 'is-current' : undefined}
            aria-current={step.current ? 'step' : undefined}
          >
            {step.label}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Receipt({ submission }: { submission: SubmissionView }) {
  return (
    <section className="submission-panel is-receipt" aria-label="Submission receipt">
      <header>
        <h3>Reported to NCMEC as CyberTipline report {submission.reportId}</h3>
      </header>
      <dl className="facts">
        <div>
          <dt>Report ID</dt>
          <dd>
            <strong className="report-id">{submission.reportId}</strong>
            <CopyButton label="Report ID" value={String(submission.reportId ?? '')} />
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{time(submission.finishedAt)}</dd>
        </div>
        <div>
          <dt>Endpoint</dt>
          <dd>
            <code>{submission.endpoint}</code>
          </dd>
        </div>
      </dl>
      <table className="facts-table receipt-files" aria-label="Files sent">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">NCMEC file ID</th>
            <th scope="col">Our MD5</th>
            <th scope="col">NCMEC’s MD5</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {submission.files.map((file) => {
            const same = file.ncmecMd5 !== null && file.ncmecMd5.toLowerCase() === file.md5.toLowerCase();
            return (
              <tr key={file.position}>
                <td>{file.fileName}</td>
                <td>
                  <code className="hash">{file.fileId ?? '—'}</code>
                </td>
                <td>
                  <code className="hash">{file.md5}</code>
                </td>
                <td>
                  <code className="hash">{file.ncmecMd5 ?? '—'}</code>
                </td>
                <td>
                  <span className={same ? 'md5-match' : 'md5-mismatch'}>
                    {same ? '✓ matches' : '✗ differs'}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        The signed receipt (both MD5s, the hashes of the XML sent and the ledger entries) is kept in the
        vault: <code>custody report status</code> shows it.
      </p>
    </section>
  );
}

function Stopped({
  submission,
  failure,
}: {
  submission: SubmissionView | null;
  failure: string | undefined;
}) {
  const todo = submission ? whatToDo(submission) : null;
  const waiting = submission?.state === 'ready';
  return (
    <div className={waiting ? 'submission-waiting' : 'error-banner submission-stopped'} role="alert">
      <p>
        <strong>
          {failure
            ? 'The report was not submitted.'
            : waiting
              ? 'Waiting in the outbox: it will resume where it stopped.'
              : progressLine(submission, false)}
        </strong>
      </p>
      {failure && <p>{failure}</p>}
      {submission?.error && <p>NCMEC: {submission.error}</p>}
      {todo && <p>{todo}</p>}
    </div>
  );
}

export function SubmissionPanel({ caseId }: { caseId: string }) {
  const submission = useSubmission((s) => s.byCase[caseId]);
  const inFlight = useSubmission((s) => s.inFlight === caseId);
  const failure = useSubmission((s) => s.failures[caseId]);
  const line = progressLine(submission, inFlight);
  const state = submission?.state;
  const stopped = state === 'ambiguous' || state === 'expired' || state === 'failed';
  const waiting = state === 'ready' && submission?.error !== null && !inFlight;
  return (
    <div className="submission">
      <p className="submission-status" role="status" aria-label="Submission status">
        {line}
      </p>
      {inFlight && <Progress submission={submission ?? null} inFlight={inFlight} />}
      {!inFlight && state === 'finished' && submission && <Receipt submission={submission} />}
      {!inFlight && (stopped || waiting || failure !== undefined) && (
        <Stopped submission={submission ?? null} failure={failure} />
      )}
      {!inFlight && (state === 'opened' || state === 'submitting') && (
        <p className="hint submission-note">
          This case’s submission stopped at “{state}”: Submit to NCMEC resumes it where it stopped.
        </p>
      )}
    </div>
  );
}
