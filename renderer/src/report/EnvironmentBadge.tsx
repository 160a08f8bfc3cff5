// Where a vault's reports go, as a badge: production stands out.
import { environmentLabels, type NcmecEnvironment } from './submission';

export function EnvironmentBadge({ environment }: { environment: NcmecEnvironment | null }) {
  return (
    <span className={`ncmec-env is-${environment ?? 'none'}`}>
      {environment ? environmentLabels[environment] : 'Not set up'}
    </span>
  );
}
