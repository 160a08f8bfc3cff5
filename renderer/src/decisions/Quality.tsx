// Review quality: how often blind reviews (second and sampled) agreed with the decision they checked, per
// week, per reviewer and per category — plotted, and the same numbers as tables for screen readers — and
// the share of decisions sampled for a blind quality review, which supervisors set.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgreementRow, SamplingSettings } from '../../../shared/decisions';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useMayCall } from '../workspace/access';

const palette = [
  'var(--accent)',
  'var(--amber)',
  'var(--category-a)',
  'var(--category-none)',
  'var(--category-b)',
];

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function AgreementPlot({ rows, by, title }: { rows: AgreementRow[]; by: AgreementRow['by']; title: string }) {
  const mine = rows.filter((r) => r.by === by);
  const keys = [...new Set(mine.map((r) => r.key))].sort();
  const periods = [...new Set(mine.map((r) => r.period))].sort();
  const data = periods.map((period) => ({
    period,
    ...Object.fromEntries(
      mine.filter((r) => r.period === period).map((r) => [r.key, Math.round(r.rate * 100)]),
    ),
  }));
  return (
    <section className="quality-block" aria-label={title}>
      <h3>{title}</h3>
      {mine.length === 0 ? (
        <p className="muted">No blind reviews recorded yet.</p>
      ) : (
        <>
          <figure className="quality-plot" aria-hidden="true">
            <LineChart
              accessibilityLayer={false}
              width={640}
              height={240}
              data={data}
              margin={{ top: 8, right: 24, bottom: 8, left: 0 }}
            >
              <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
              <XAxis dataKey="period" stroke="var(--muted)" />
              <YAxis domain={[0, 100]} unit="%" stroke="var(--muted)" />
              <Tooltip isAnimationActive={false} />
              <Legend />
              {keys.map((key, n) => (
                <Line
                  key={key}
                  type="monotone"
                  dataKey={key}
                  name={key}
                  stroke={palette[n % palette.length]}
                  strokeWidth={2}
                  isAnimationActive={false}
                  connectNulls
                />
              ))}
            </LineChart>
          </figure>
          <table className="data-table" aria-label={`${title}, as numbers`}>
            <thead>
              <tr>
                <th scope="col">Week of</th>
                <th scope="col">{by === 'reviewer' ? 'Reviewer' : 'Category'}</th>
                <th scope="col">Reviews</th>
                <th scope="col">Agreed</th>
                <th scope="col">Agreement</th>
              </tr>
            </thead>
            <tbody>
              {mine.map((r) => (
                <tr key={`${r.period}-${r.key}`}>
                  <td>{r.period}</td>
                  <td>{r.key}</td>
                  <td>{r.reviews}</td>
                  <td>{r.agreed}</td>
                  <td>{percent(r.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function SamplingForm({ sampling, onSaved }: { sampling: SamplingSettings; onSaved(): void }) {
  const [share, setShare] = useState(String(sampling.percent));
  const [error, setError] = useState<unknown>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await call('sampling.configure', { percent: Number(share), seed: sampling.seed });
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <form
      className="decision-form sampling-form"
      aria-label="Quality sampling"
      onSubmit={(e) => void save(e)}
    >
      <div className="field">
        <label htmlFor="sampling-percent">Share of decisions re-reviewed blind (%)</label>
        <input
          id="sampling-percent"
          type="number"
          min={0}
          max={100}
          step="any"
          value={share}
          onChange={(e) => setShare(e.target.value)}
        />
      </div>
      <ErrorBanner error={error} />
      <button type="submit">Set the share</button>
    </form>
  );
}

export function Quality() {
  const [answer, setAnswer] = useState<{ rows: AgreementRow[]; sampling: SamplingSettings } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const maySample = useMayCall('sampling.configure');
  const load = useCallback(() => {
    call('quality.agreement', {}).then(setAnswer).catch(setError);
  }, []);
  useEffect(load, [load]);
  return (
    <div className="decisions-screen">
      <h2>Review quality</h2>
      <ErrorBanner error={error} />
      {answer && (
        <>
          <p>
            {answer.sampling.percent}% of decisions are sampled for a blind quality review (seed “
            {answer.sampling.seed}”).
          </p>
          {maySample && (
            <SamplingForm key={answer.sampling.percent} sampling={answer.sampling} onSaved={load} />
          )}
          <AgreementPlot rows={answer.rows} by="reviewer" title="Agreement per reviewer" />
          <AgreementPlot rows={answer.rows} by="category" title="Agreement per category" />
        </>
      )}
    </div>
  );
}
