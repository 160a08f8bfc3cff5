// Shows a failure from the core as a message a person can act on, announced to screen readers.
import { CustodyRequestError } from '../api';

export function errorMessage(error: unknown): string {
  if (error instanceof CustodyRequestError || error instanceof Error) return error.message;
  return String(error);
}

export function ErrorBanner({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      {errorMessage(error)}
    </div>
  );
}
