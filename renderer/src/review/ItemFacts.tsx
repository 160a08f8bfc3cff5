// An item's record in the panel: matches (bank, version, distance, the orientation a PDQ match was found
// in, the allow entry that suppressed it, a flag on matches new since a bank change, and a notice while the
// item waits to be matched against changed banks), the three hashes of the
// original bytes with copy buttons, PDQ and its quality, metadata (with why it could not be displayed),
// EXIF, where it was ingested from, what peer workstations recorded about it (sync), and its ledger
// history with each peer entry's origin.
import type { ItemDetail } from '../../../shared/review';
import { PeerRecords } from './PeerRecords';
import { CopyButton } from '../workspace/CopyButton';
import {
  algorithmLabels,
  formatBytes,
  matchKind,
  matchPlace,
  suppressorLabel,
  transformLabel,
} from './format';

function Hash({ label, value }: { label: string; value: string }) {
  return (
    <div className="hash-row">
      <dt>{label}</dt>
      <dd>
        <code className="hash">{value}</code>
        <CopyButton label={label} value={value} />
      </dd>
    </div>
  );
}

function when(iso: string | null): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function Matches({ detail }: { detail: ItemDetail }) {
  const pending = detail.matchPending && (
    <p className="warning" role="status">
      Not yet matched against the banks as they are now: a bank was imported or removed and re-matching has
      not reached this item.
    </p>
  );
  if (detail.matches.length === 0)
    return (
      <>
        {pending}
        <p className="muted">No match in any known bank.</p>
      </>
    );
  return (
    <>
      {pending}
      <table className="facts-table">
        <thead>
          <tr>
            <th scope="col">Match</th>
            <th scope="col">Bank</th>
            <th scope="col">Distance</th>
            <th scope="col">Matched value</th>
          </tr>
        </thead>
        <tbody>
          {detail.matches.map((match) => {
            const turned = transformLabel(match);
            const place = matchPlace(match);
            return (
              <tr
                key={`${match.bank}-${match.bankVersion}-${match.algorithm}-${match.value}`}
                className={match.suppressedBy ? 'is-suppressed' : undefined}
              >
                <td>
                  <span className={match.suppressedBy ? 'badge-inline badge-suppressed' : 'badge-inline'}>
                    {matchKind(match)}
                  </span>{' '}
                  {algorithmLabels[match.algorithm]}
                  {match.flaggedAt && !match.suppressedBy && (
                    <span
                      className="badge-inline badge-new"
                      title={`Found by re-matching on ${when(match.flaggedAt)}`}
                    >
                      new
                    </span>
                  )}
                  {place && <div className="frame-note">{place}</div>}
                  {turned && <div className="transform-note">Matched {turned}</div>}
                  {match.suppressedBy && (
                    <div className="suppressed-note">Suppressed by {suppressorLabel(match)}</div>
                  )}
                  {match.flaggedAt && !match.suppressedBy && (
                    <div className="muted">Found by re-matching on {when(match.flaggedAt)}</div>
                  )}
                </td>
                <td>
                  {match.bank} <span className="muted">version {match.bankVersion}</span>
                  {(match.label || match.category) && (
                    <div className="muted">{[match.label, match.category].filter(Boolean).join(' · ')}</div>
                  )}
                </td>
                <td>{match.distance}</td>
                <td>
                  <code className="hash">{match.value}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** A video's vPDQ: how many frames were hashed and how often, or why none could be. */
function Vpdq({ vpdq }: { vpdq: NonNullable<ItemDetail['vpdq']> }) {
  if (vpdq.error) return <p className="warning">vPDQ could not be computed: {vpdq.error}</p>;
  const every = vpdq.everySeconds === 0 ? 'every frame' : `one frame every ${vpdq.everySeconds} s`;
  return (
    <>
      <p>
        vPDQ: {vpdq.frames} frames hashed ({every}), each matched against the PDQ and vPDQ banks.
      </p>
      {vpdq.problem && <p className="warning">{vpdq.problem}</p>}
    </>
  );
}

function Pdq({ pdq, vpdq }: { pdq: ItemDetail['pdq']; vpdq: ItemDetail['vpdq'] }) {
  if (vpdq) return <Vpdq vpdq={vpdq} />;
  if (!pdq) return <p className="muted">No PDQ hash: not an image.</p>;
  if (pdq.error) return <p className="warning">PDQ could not be computed: {pdq.error}</p>;
  return (
    <dl className="facts">
      {pdq.hash && <Hash label="PDQ" value={pdq.hash} />}
      <div>
        <dt>Quality</dt>
        <dd>
          {pdq.quality ?? 'unknown'}
          {pdq.quality !== null && pdq.quality < 50 && ' (below 50: stored, never matched)'}
        </dd>
      </div>
    </dl>
  );
}

function Metadata({ detail }: { detail: ItemDetail }) {
  const { displayError, ...rest } = detail.metadata;
  return (
    <>
      {displayError !== undefined && (
        <p className="warning">This file could not be displayed: {String(displayError)}</p>
      )}
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{detail.mime}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(detail.size)} ({detail.size.toLocaleString()} bytes)
          </dd>
        </div>
        {Object.entries(rest).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export function ItemFacts({ detail }: { detail: ItemDetail }) {
  return (
    <div className="item-facts">
      {detail.peers && <PeerRecords records={detail.peers} />}
      <section aria-label="Matches">
        <h3>Matches</h3>
        <Matches detail={detail} />
      </section>
      <section aria-label="Hashes">
        <h3>Hashes of the original bytes</h3>
        <dl className="facts">
          <Hash label="SHA-256" value={detail.sha256} />
          <Hash label="SHA-1" value={detail.sha1} />
          <Hash label="MD5" value={detail.md5} />
        </dl>
      </section>
      <section aria-label="PDQ">
        <h3>PDQ</h3>
        <Pdq pdq={detail.pdq} vpdq={detail.vpdq} />
      </section>
      <section aria-label="Metadata">
        <h3>Metadata</h3>
        <Metadata detail={detail} />
      </section>
      <section aria-label="EXIF">
        <h3>EXIF</h3>
        {detail.exif.length === 0 ? (
          <p className="muted">No EXIF in this file.</p>
        ) : (
          <dl className="facts">
            {detail.exif.map((pair, i) => (
              <div key={`${pair.name}-${i}`}>
                <dt>{pair.name}</dt>
                <dd>{pair.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <section aria-label="Sources">
        <h3>Sources</h3>
        <ul className="sources">
          {detail.sources.map((source, i) => (
            <li key={`${source.path}-${i}`}>
              <code>{source.path}</code>
              <span className="muted">
                modified {when(source.modifiedAt)} · ingested {when(source.ingestedAt)} by {source.ingestedBy}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="History">
        <h3>Ledger history</h3>
        <ol className="history">
          {detail.history.map((entry) => (
            <li key={`${entry.origin ?? ''}#${entry.seq}`}>
              <span className="history-seq">#{entry.seq}</span>
              <span className="history-summary">{entry.summary}</span>
              <span className="muted">
                {entry.actor} · {when(entry.time)}
                {entry.origin ? ` · on ${entry.origin}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
