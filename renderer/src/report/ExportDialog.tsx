// Ctrl+E in the builder (or its Export button): where the signed package goes, chosen by the person (the
// app's own folder is offered, never Documents or another cloud-synced folder), and a warning before
// anything is written that the package holds the originals and the reported person's details in clear,
// unless it is encrypted to an age recipient. The core checks the folder; this only asks.
import { useEffect, useState, type FormEvent } from 'react';
import { call, CustodyRequestError } from '../api';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { useWorkspace } from '../workspace/store';
import { useCases } from './store';

export function ExportDialog() {
  const cancel = useCases((s) => s.cancelExport);
  const writePackage = useCases((s) => s.writePackage);
  const openId = useWorkspace((s) => s.openCase);
  const editor = useCases((s) => (openId ? s.editors[openId] : undefined));
  const [folder, setFolder] = useState('');
  const [picker, setPicker] = useState(false);
  const [recipient, setRecipient] = useState('');
  const [allowSynced, setAllowSynced] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    call('exports.destination', { choose: false })
      .then((answer) => {
        if (!current) return;
        setPicker(answer.picker);
        setFolder((typed) => typed || answer.suggested);
      })
      .catch((failure: unknown) => current && setError(failure));
    return () => {
      current = false;
    };
  }, []);

  const issues = error instanceof CustodyRequestError ? error.issues : [];
  const problem = (path: string) => issues.find((i) => i.path === path)?.message;
  const synced = problem('allowSynced');
  const otherError = error !== null && issues.length === 0 ? error : null;
  const encrypted = recipient.trim() !== '';

  async function choose() {
    const answer = await call('exports.destination', { choose: true });
    if (answer.chosen) {
      setFolder(answer.chosen);
      setAllowSynced(false);
      setError(null);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const refused = await writePackage({
      folder: folder.trim(),
      ...(encrypted ? { encryptTo: recipient.trim() } : {}),
      ...(allowSynced ? { allowSynced: true } : {}),
    });
    if (refused) setError(refused);
  }

  return (
    <Dialog title="Export the signed report package" className="export-dialog" onClose={cancel}>
      <form className="form" onSubmit={submit} aria-label="Export destination">
        <div className="export-folder">
          <Field
            label="Folder"
            required
            spellCheck={false}
            data-autofocus=""
            hint="The full path of a folder only you can read. Not Documents, Desktop or a folder a cloud client syncs."
            value={folder}
            onChange={(e) => {
              // Another folder: the refusal was about the one before.
              setFolder(e.target.value);
              setAllowSynced(false);
              setError(null);
            }}
            problem={problem('folder')}
          />
          {picker && (
            <button type="button" onClick={() => void choose()}>
              Choose…
            </button>
          )}
        </div>
        {synced && (
          <div className="production-warning" role="group" aria-label="Cloud-synced folder">
            <p>{synced}</p>
            <label className="check">
              <input
                type="checkbox"
                checked={allowSynced}
                onChange={(e) => setAllowSynced(e.target.checked)}
              />
              This folder is not synced: export there anyway
            </label>
          </div>
        )}
        <Field
          label="Encrypt to (optional)"
          spellCheck={false}
          autoComplete="off"
          placeholder="age1…"
          hint="An age recipient: the package becomes one .tar.age file that only the holder of its key opens (age -d)."
          value={recipient}
          onChange={(e) => setRecipient(e.target.value)}
          problem={problem('encryptTo')}
        />
        {encrypted ? (
          <p className="hint" role="note" aria-label="What is written">
            One encrypted file is written; no original is ever on disk in clear.
          </p>
        ) : (
          <p className="production-warning" role="note" aria-label="What is written">
            <strong>The originals are written in clear.</strong> The package holds every original file and the
            reported person’s details, unencrypted: anyone who can read the folder can see them. Encrypt it to
            a recipient, or keep the folder private and off any cloud.
          </p>
        )}
        <ErrorBanner error={otherError} />
        <div className="dialog-actions">
          <button type="button" onClick={cancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button
            type="submit"
            className="primary"
            disabled={
              editor?.exporting === true || folder.trim() === '' || (synced !== undefined && !allowSynced)
            }
          >
            {editor?.exporting ? 'Exporting…' : encrypted ? 'Export encrypted' : 'Export in clear'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
