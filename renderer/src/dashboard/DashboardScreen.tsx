// The supervisors' dashboard: open cases by time left on their 24-hour clock (overdue first), reports
// sent per day with the median time from detection to report, the outbox, items waiting for review, and
// each reviewer's exposure per day beside the wellness settings. Plots are recharts (SVG through React,
// no eval, no injected style sheets); every plot has its numbers as a table for screen readers.
import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { DashboardView } from '../../../shared/desk';
import { useAnswer } from '../desk/useAnswer';
import { useWorkspace } from '../workspace/store';
import { DataTable } from '../components/DataTable';

const overdue = '#c0392b';
const onTime = '#2e86c1';
const second = '#7d3c98';

function Plot({ title, table, children }: { title: string; table: ReactNode; children: ReactNode }) {
  return (
    <figure className="desk-card plot" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div className="plot-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{title}: the numbers</summary>
        {table}
      </details>
    </figure>
  );
}

function hoursLeft(ms: number): number {
  return Math.round((ms / 3_600_000) * 10) / 10;
}

function Deadlines({ view }: { view: DashboardView }) {
  const data = view.cases.map((c) => ({ title: c.title, hours: hoursLeft(c.remainingMs) }));
  return (
    <Plot
      title="Open cases by time left (hours)"
      table={
        <DataTable label="Open cases by time left" columns={['Case', 'Hours left', 'Reviewer']}>
          {view.cases.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.title}</th>
              <td>{hoursLeft(c.remainingMs)}</td>
              <td>{c.assignedTo ?? 'nobody'}</td>
            </tr>
          ))}
        </DataTable>
      }
    >
      <BarChart data={data} layout="vertical" margin={{ left: 24, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" />
        <YAxis type="category" dataKey="title" width={160} />
        <Bar dataKey="hours" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.title} fill={d.hours < 0 ? overdue : onTime} />
          ))}
        </Bar>
      </BarChart>
    </Plot>
  );
}

function Reports({ view }: { view: DashboardView }) {
  return (
    <Plot
      title="Reports sent per day, with median hours from detection"
      table={
        <DataTable label="Reports sent per day" columns={['Day', 'Reports', 'Median hours to report']}>
          {view.reportsPerDay.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.reports}</td>
              <td>{d.medianHoursToReport}</td>
            </tr>
          ))}
        </DataTable>
      }
    >
      <ComposedChart data={view.reportsPerDay}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis yAxisId="reports" allowDecimals={false} />
        <YAxis yAxisId="hours" orientation="right" />
        <Legend />
        <Bar yAxisId="reports" dataKey="reports" name="Reports" fill={onTime} isAnimationActive={false} />
        <Line
          yAxisId="hours"
          dataKey="medianHoursToReport"
          name="Median hours to report"
          stroke={second}
          isAnimationActive={false}
        />
      </ComposedChart>
    </Plot>
  );
}

function Exposure({ view }: { view: DashboardView }) {
  const users = [...new Set(view.exposure.map((e) => e.user))];
  const days = [...new Set(view.exposure.map((e) => e.day))];
  const data = days.map((day) => ({
    day,
    ...Object.fromEntries(
      view.exposure.filter((e) => e.day === day).map((e) => [e.user, e.reveals] as const),
    ),
  }));
  const palette = [onTime, second, '#148f77', '#b9770e', overdue];
  return (
    <Plot
      title="Reveals per reviewer per day"
      table={
        <DataTable
          label="Reviewer exposure per day"
          columns={['Day', 'Reviewer', 'Reveals', 'Minutes with a reveal']}
        >
          {view.exposure.map((e) => (
            <tr key={`${e.day}-${e.user}`}>
              <th scope="row">{e.day}</th>
              <td>{e.user}</td>
              <td>{e.reveals}</td>
              <td>{e.minutesRevealed}</td>
            </tr>
          ))}
        </DataTable>
      }
    >
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Legend />
        {users.map((user, i) => (
          <Bar
            key={user}
            dataKey={user}
            stackId="reveals"
            fill={palette[i % palette.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </Plot>
  );
}

function Wellness() {
  const wellness = useWorkspace((s) => s.wellness);
  const openOverlay = useWorkspace((s) => s.openOverlay);
  return (
    <section className="desk-card" aria-label="Wellness settings">
      <h3>Wellness settings (yours)</h3>
      <p>
        Extra blur {wellness.blurStrength}, {wellness.greyscale ? 'greyscale' : 'colour'}, reveal hold{' '}
        {wellness.revealHoldMs} ms, a break after every {wellness.breakAfterReveals} reveals.
      </p>
      <button type="button" onClick={() => openOverlay('wellness')}>
        Change wellness settings
      </button>
    </section>
  );
}

export function DashboardScreen() {
  const answer = useAnswer('dashboard.view', {});
  const view = answer.value;
  return (
    <div className="desk-screen">
      <h2>Dashboard</h2>
      {answer.error && (
        <p className="error-banner" role="alert">
          {answer.error}
        </p>
      )}
      {view && (
        <>
          <dl className="desk-facts desk-tiles" aria-label="Workload">
            <dt>Open cases</dt>
            <dd>{view.cases.length}</dd>
            <dt>Overdue</dt>
            <dd>{view.cases.filter((c) => c.remainingMs < 0).length}</dd>
            <dt>In the outbox</dt>
            <dd>{view.outbox}</dd>
            <dt>Items waiting for review</dt>
            <dd>{view.waitingForReview}</dd>
          </dl>
          <Deadlines view={view} />
          <Reports view={view} />
          <div className="desk-pair">
            <Exposure view={view} />
            <Wellness />
          </div>
        </>
      )}
    </div>
  );
}
