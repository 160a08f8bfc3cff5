// What an export wrote and where, and how anyone checks it with openssl alone (after `age -d` and `tar -x`
// when it was encrypted).
import { CopyButton } from '../workspace/CopyButton';
import type { ExportResult as Exported } from './store';

export const verifyCommand =
  'openssl cms -verify -binary -inform DER -in manifest-sha256.txt.p7s -content manifest-sha256.txt -CAfile organisation.pem -purpose any -out /dev/null';

export function ExportResult({ exported, onDismiss }: { exported: Exported; onDismiss: () => void }) {
  return (
    <section className="export-result" aria-label="Export result">
      <header>
        <h3>Signed report package written{exported.encrypted ? ', encrypted' : ''}</h3>
        <button type="button" className="small" onClick={onDismiss}>
          Dismiss
        </button>
      </header>
      <dl className="facts">
        <div>
          <dt>{exported.encrypted ? 'File' : 'Folder'}</dt>
          <dd>
            <code>{exported.folder}</code> <span className="muted">in</span> <code>{exported.location}</code>
          </dd>
        </div>
        <div>
          <dt>Files listed</dt>
          <dd>{exported.files}</dd>
        </div>
        <div className="hash-row">
          <dt>Manifest SHA-256</dt>
          <dd>
            <code className="hash">{exported.manifestSha256}</code>
            <CopyButton label="Manifest SHA-256" value={exported.manifestSha256} />
          </dd>
        </div>
        <div className="hash-row">
          <dt>Verify</dt>
          <dd>
            <code className="command">{verifyCommand}</code>
            <CopyButton label="Verify command" value={verifyCommand} />
          </dd>
        </div>
      </dl>
      <p className="hint">
        {exported.encrypted
          ? 'The recipient opens it with age -d and unpacks it with tar -x, then runs the command in that folder; '
          : 'Run the command in the package folder; '}
        it prints “CMS Verification successful”. Use your organisation’s certificate obtained separately as
        -CAfile: the copy inside only proves the package is self-consistent.
      </p>
    </section>
  );
}
