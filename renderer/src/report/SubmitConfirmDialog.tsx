// Ctrl+Enter in the builder (or its Submit button): the confirmation naming where the report will go and
// as whom, with a warning when that is production.
import { Dialog } from '../components/Dialog';
import { useWorkspace } from '../workspace/store';
import { EnvironmentBadge } from './EnvironmentBadge';
import { useCases } from './store';
import { environmentLabels, useSubmission } from './submission';

export function SubmitConfirmDialog() {
  const close = useWorkspace((s) => s.closeOverlay);
  const settings = useSubmission((s) => s.settings);
  const submit = useSubmission((s) => s.submit);
  const openId = useWorkspace((s) => s.openCase);
  const title = useCases((s) => (openId ? s.editors[openId]?.view.title : undefined));
  const files = useCases((s) => (openId ? (s.editors[openId]?.view.files.length ?? 0) : 0));
  const production = settings?.environment === 'production';
  return (
    <Dialog
      title={`Submit to NCMEC: ${settings ? environmentLabels[settings.environment] : 'not set up'}`}
      className={production ? 'submit-dialog is-production' : 'submit-dialog'}
      onClose={close}
    >
      {settings && (
        <>
          <p>
            Send the saved report for <strong>{title}</strong> with {files} file{files === 1 ? '' : 's'} to{' '}
            <EnvironmentBadge environment={settings.environment} /> as <strong>{settings.username}</strong>?
          </p>
          <p className="muted">
            Endpoint <code>{settings.endpoint}</code>
          </p>
          {production && (
            <p className="production-warning">
              <strong>This is a real CyberTipline report.</strong> NCMEC acts on it; it cannot be unsent, only
              retracted before it is finished.
            </p>
          )}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={close}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className={production ? 'primary danger' : 'primary'}
          disabled={!settings || !openId}
          onClick={() => {
            close();
            if (openId) void submit(openId);
          }}
        >
          Submit to {settings ? environmentLabels[settings.environment] : 'NCMEC'}
        </button>
      </div>
    </Dialog>
  );
}
