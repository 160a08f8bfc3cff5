// The completeness meter: what must be filled before export (each problem focuses its field), Custody's
// estimate of whether NCMEC will refer the report or keep it informational, and the recommended fields
// with why each matters to the police who receive it.
import type { CompletenessView, ReportView } from '../../../shared/cases';
import { focusProblem } from './focus';

type Recommendation = CompletenessView['recommended'][number];

interface Grouped {
  path: string;
  field: string;
  why: string;
  files: number[];
  inReport: boolean;
}

/** One entry per recommended field, naming the files it applies to. */
function group(recommended: readonly Recommendation[]): Grouped[] {
  const byKey = new Map<string, Grouped>();
  for (const item of recommended) {
    const key = `${item.file === undefined ? 'report' : 'file'}|${item.path}|${item.field}`;
    const entry = byKey.get(key) ?? {
      path: item.path,
      field: item.field,
      why: item.why,
      files: [],
      inReport: item.file === undefined,
    };
    if (item.file !== undefined) entry.files.push(item.file);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

function fileList(files: readonly number[]): string {
  const numbers = files.map((i) => i + 1);
  return numbers.length === 1 ? `file ${numbers[0]}` : `files ${numbers.join(', ')}`;
}

export function Completeness({ view, dirty }: { view: ReportView; dirty: boolean }) {
  const { blocking, recommended, referral } = view.completeness;
  const grouped = group(recommended);
  return (
    <section className="report-panel completeness" aria-label="Completeness">
      <h3>Completeness</h3>
      <p
        className={
          blocking.length === 0 ? 'completeness-summary is-ready' : 'completeness-summary is-blocked'
        }
      >
        {blocking.length === 0
          ? 'Nothing blocks export'
          : `${blocking.length} problem${blocking.length === 1 ? '' : 's'} block${blocking.length === 1 ? 's' : ''} export`}
        <span className="muted"> · {grouped.length} recommended</span>
      </p>
      {dirty && <p className="hint">As of the last save: save (Ctrl+S) to check your changes.</p>}

      <section aria-label="Must fill" className="completeness-group">
        <h4>Must fill</h4>
        {blocking.length === 0 ? (
          <p className="muted">Every field NCMEC requires is filled, and the report follows its rules.</p>
        ) : (
          <ul className="issue-list">
            {blocking.map((issue) => (
              <li key={`${issue.file ?? ''}-${issue.path}-${issue.message}`}>
                <button
                  type="button"
                  className="issue-button is-blocking"
                  onClick={() => focusProblem(issue.path, issue.file, issue.message)}
                >
                  <code>
                    {issue.file === undefined ? '' : `File ${issue.file + 1} `}
                    {issue.path}
                  </code>
                  <span>{issue.message}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label="Referral estimate" className="completeness-group">
        <h4>Referral estimate</h4>
        <p className={`referral is-${referral.likely}`}>
          {referral.likely === 'referral' ? 'Likely a referral' : 'Likely informational only'}
        </p>
        <ul className="reasons">
          {referral.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p className="hint">
          Custody’s estimate from what is filled in: NCMEC refers reports with user details, imagery and a
          possible location to law enforcement. NCMEC decides.
        </p>
      </section>

      <section aria-label="Recommended" className="completeness-group">
        <h4>Recommended</h4>
        {grouped.length === 0 ? (
          <p className="muted">Nothing more to suggest.</p>
        ) : (
          <ul className="issue-list">
            {grouped.map((item) => (
              <li key={`${item.inReport}-${item.path}-${item.field}`}>
                <button
                  type="button"
                  className="issue-button"
                  onClick={() => focusProblem(item.path, item.files[0])}
                >
                  <strong>
                    {item.field}
                    {!item.inReport && <span className="muted"> ({fileList(item.files)})</span>}
                  </strong>
                  <code>{item.path}</code>
                  <span className="why">{item.why}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
