// Preservation packages: export a case's signed, timestamped BagIt package with its progress, the result's
// verification summary, and the history of packages delivered (for whom, when, the tag manifest's digest).
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/contract';
import { call, onEvent } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { CaseSelect } from './CaseSelect';
import { useLoad } from '../workspace/useLoad';
import { shortDate } from './dates';
import { DataTable } from '../components/DataTable';

type Exported = ResponseOf<'preservation.export'>;

export function PackagesScreen() {
  const packages = useLoad(() => call('preservation.packages', {}));
  const [caseId, setCaseId] = useState('');
  const [recipient, setRecipient] = useState('');
  const [tsaUrl, setTsaUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ phase: string; percent: number } | null>(null);
  const [result, setResult] = useState<Exported | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(
    () =>
      onEvent('preservation.progress', (p) =>
        setProgress({
          phase: p.phase,
          percent: p.totalBytes ? Math.round((100 * p.bytes) / p.totalBytes) : 100,
        }),
      ),
    [],
  );

  const exportPackage = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await call('preservation.export', {
          caseId,
          ...(recipient.trim() ? { recipient } : {}),
          ...(tsaUrl.trim() ? { tsaUrl } : {}),
        }),
      );
      packages.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="preservation-screen">
      <h2>Preservation packages</h2>
      <form
        className="preservation-form"
        aria-label="Export a preservation package"
        onSubmit={(event) => {
          event.preventDefault();
          void exportPackage();
        }}
      >
        <CaseSelect value={caseId} onChange={setCaseId} />
        <label>
          For (agency or counsel)
          <input value={recipient} onChange={(e) => setRecipient(e.target.value)} />
        </label>
        <label>
          Timestamp authority URL (optional)
          <input
            value={tsaUrl}
            onChange={(e) => setTsaUrl(e.target.value)}
            placeholder="https://tsa.example/tsr"
          />
        </label>
        <button type="submit" className="primary" disabled={busy || !caseId}>
          Export package
        </button>
      </form>
      {busy && progress && (
        <div className="preservation-progress">
          <progress aria-label="Package progress" max={100} value={progress.percent} /> {progress.phase}
        </div>
      )}
      <ErrorBanner error={error ?? packages.error} />
      {result && <Verification result={result} />}
      <h3>Delivered</h3>
      <DataTable
        label="Packages delivered"
        className="facts-table"
        columns={['Date', 'Case', 'For', 'By', 'Files', 'Timestamp', 'Tag manifest SHA-512']}
      >
        {packages.data?.packages.map((p) => (
          <tr key={p.id}>
            <td>{shortDate(p.baggedAt)}</td>
            <td>{p.externalIdentifier ? `CyberTip ${p.externalIdentifier}` : p.caseId.slice(0, 8)}</td>
            <td>{p.recipient ?? '—'}</td>
            <td>{p.createdBy}</td>
            <td>{p.files}</td>
            <td>{p.timestamp}</td>
            <td>
              <code className="hash">{p.tagManifestSha512.slice(0, 24)}…</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {packages.data?.packages.length === 0 && <p className="muted">No packages delivered yet.</p>}
    </div>
  );
}

function Verification({ result }: { result: Exported }) {
  const { verification: v } = result;
  return (
    <section className="export-result" aria-label="Package verification">
      <h3>Package written and verified</h3>
      <dl className="facts">
        <div>
          <dt>Where</dt>
          <dd>
            <code>{result.package.destination}</code>
          </dd>
        </div>
        <div>
          <dt>Bag</dt>
          <dd>
            BagIt {v.bag.version}: {v.bag.payloadFiles} payload files, {v.bag.payloadBytes} bytes, every
            checksum matches
          </dd>
        </div>
        <div>
          <dt>Signed by</dt>
          <dd>{v.signer}</dd>
        </div>
        <div>
          <dt>Timestamp</dt>
          <dd>{v.timestamp}</dd>
        </div>
        <div>
          <dt>Ledger</dt>
          <dd>
            {v.ledgerEntries} entries with inclusion proofs, {v.caseEntries} of this case
          </dd>
        </div>
      </dl>
      <p className="hint">
        VERIFY.txt in the package tells the recipient how to check all of it with standard tools.
      </p>
    </section>
  );
}
