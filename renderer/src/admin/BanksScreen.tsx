// The vault's hash banks: each with its source, kind, version, entry count and last import; importing a
// bank file (any supported format, detected by the core) with progress and its line-numbered problems;
// removing one for a reason; and the background re-match of the vault the core reports after either.
import { useEffect, useState } from 'react';
import type { BankView } from '../../../shared/desk';
import type { EventPayload } from '../../../shared/contract';
import { call, onEvent } from '../api';
import { attempt, useAnswer } from '../desk/useAnswer';
import { useMayCall } from '../workspace/access';
import { rematchText, useRematch } from './rematch';
import { DataTable } from '../components/DataTable';
import { ErrorBanner } from '../components/ErrorBanner';

type Problem = { line: number; message: string };

type Format = { name: string; description: string };

function ImportBank({ formats, imported }: { formats: Format[]; imported(): void }) {
  const [form, setForm] = useState({
    path: '',
    name: '',
    version: '',
    kind: 'known' as 'known' | 'allow',
    format: '',
  });
  const [progress, setProgress] = useState<EventPayload<'bank.progress'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ bank: BankView; problems: Problem[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => onEvent('bank.progress', setProgress), []);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <form
      className="desk-card"
      aria-label="Import a bank"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setResult(null);
        setProgress(null);
        const { format, ...rest } = form;
        const request = format ? { ...rest, format } : rest;
        void attempt(async () => setResult(await call('banks.import', request))).then((failure) => {
          setProblem(failure);
          setBusy(false);
          if (!failure) imported();
        });
      }}
    >
      <h3>Import a bank</h3>
      <label>
        Bank file path
        <input value={form.path} onChange={set('path')} spellCheck={false} />
      </label>
      <label>
        Name
        <input value={form.name} onChange={set('name')} />
      </label>
      <label>
        Version
        <input value={form.version} onChange={set('version')} />
      </label>
      <label>
        Kind
        <select value={form.kind} onChange={set('kind')}>
          <option value="known">Known content</option>
          <option value="allow">Allow list</option>
        </select>
      </label>
      <label>
        Format
        <select value={form.format} onChange={set('format')}>
          <option value="">Detect from the file</option>
          {formats.map((f) => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !form.path || !form.name || !form.version}>
        Import
      </button>
      {busy && progress && (
        <p aria-live="polite">
          Read {progress.entries.toLocaleString()} entries, {progress.problems} problem(s)
        </p>
      )}
      {problem && (
        <p className="problem" role="alert">
          {problem}
        </p>
      )}
      {result && (
        <div aria-label="Import result">
          <p>
            Imported {result.bank.name} {result.bank.version}: {result.bank.entries.toLocaleString()} entries,{' '}
            {result.bank.problems} problem line(s).
          </p>
          {result.problems.length > 0 && (
            <ul aria-label="Problems">
              {result.problems.map((p) => (
                <li key={`${p.line}-${p.message}`}>
                  Line {p.line}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

function RemoveBank({ bank, removed }: { bank: BankView; removed(): void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="desk-inline"
      onSubmit={(e) => {
        e.preventDefault();
        void attempt(() => call('banks.remove', { id: bank.id, reason })).then((failure) => {
          setProblem(failure);
          if (!failure) removed();
        });
      }}
    >
      <input
        aria-label={`Reason to remove ${bank.name} ${bank.version}`}
        placeholder="Reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" disabled={!reason.trim()}>
        Remove
      </button>
      {problem && (
        <span className="problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}

/** The re-match the core runs after a bank import or removal, as it reports it. */
export function RematchStatus() {
  const progress = useRematch((s) => s.progress);
  const listen = useRematch((s) => s.listen);
  useEffect(listen, [listen]);
  if (!progress) return null;
  return (
    <div className="desk-card" role="status" aria-label="Re-matching the vault">
      <label>
        {rematchText(progress)}
        <progress value={progress.done} max={Math.max(progress.total, 1)} />
      </label>
    </div>
  );
}

export function BanksScreen() {
  const banks = useAnswer('banks.list', {});
  const mayImport = useMayCall('banks.import');
  const mayRemove = useMayCall('banks.remove');
  return (
    <div className="desk-screen">
      <h2>Banks</h2>
      <RematchStatus />
      <ErrorBanner error={banks.error} />
      {banks.value && (
        <DataTable
          label="Banks"
          columns={['Bank', 'Version', 'Kind', 'Source', 'Entries', 'Last import', mayRemove && 'Remove']}
        >
          {banks.value.banks.map((bank) => (
            <tr key={bank.id} aria-label={`${bank.name} ${bank.version}`}>
              <th scope="row">{bank.name}</th>
              <td>{bank.version}</td>
              <td>{bank.kind}</td>
              <td>
                {bank.source} ({bank.format})
              </td>
              <td>{bank.entries.toLocaleString()}</td>
              <td>
                {bank.importedAt.slice(0, 16).replace('T', ' ')} by {bank.importedBy}
              </td>
              {mayRemove && (
                <td>
                  <RemoveBank bank={bank} removed={banks.reload} />
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {mayImport && <ImportBank formats={banks.value?.formats ?? []} imported={banks.reload} />}
    </div>
  );
}
