// The vault's CyberTipline endpoint and credentials. The password is sealed with the data key, bound to the
// environment and endpoint it was given for (never sent anywhere else), and never returned, logged or
// recorded; only a role the policy allows may change them, and switching to production needs an explicit
// confirmation, which the ledger records. Local stand-ins (plain http on loopback) exist only in
// development builds: a packaged build has no `local` environment.
import { packagedBuild } from '../../../shared/build-flags';
import { NCMEC_PRODUCTION_URL, NCMEC_TEST_URL, CyberTipClient } from './api/client';
import { AeadOpenError, open, packSealed, seal, unpackSealed, type Sealed } from '../crypto';
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';

export type NcmecEnvironment = 'test' | 'production' | 'local';

export interface NcmecSettingsView {
  environment: NcmecEnvironment;
  endpoint: string;
  username: string;
  productionConfirmedAt: string | null;
}

export interface NcmecConfiguration {
  environment: NcmecEnvironment;
  username: string;
  /** Kept when omitted, only if the environment and endpoint are those it was given for. */
  password?: string;
  /** Only for `local`: a stand-in on this machine's loopback. */
  endpoint?: string;
  /** Required, true, to switch to production: real reports to NCMEC. */
  confirmProduction?: boolean;
}

/** Before passwords were bound to their endpoint; still opened for NCMEC's own (https) endpoints only. */
const unboundPasswordAad = Buffer.from('custody-ncmec-password/1');

/** The password sealed for one environment and endpoint opens for that pair only. */
function passwordAad(environment: NcmecEnvironment, endpoint: string): Buffer {
  return Buffer.from(`custody-ncmec-password/2\0${environment}\0${endpoint}`);
}

function openPassword(key: Uint8Array, sealed: Sealed, environment: NcmecEnvironment, endpoint: string) {
  try {
    return open(key, sealed, passwordAad(environment, endpoint));
  } catch (error) {
    if (!(error instanceof AeadOpenError) || environment === 'local') throw error;
    return open(key, sealed, unboundPasswordAad);
  }
}

function endpointOf(configuration: NcmecConfiguration): string {
  if (configuration.environment === 'production') return NCMEC_PRODUCTION_URL;
  if (configuration.environment === 'test') return NCMEC_TEST_URL;
  if (packagedBuild) {
    throw new InvalidInputError(
      'The local stand-in endpoint exists only in development builds: choose test or production.',
    );
  }
  const endpoint = configuration.endpoint ?? '';
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+(\/[\w./-]*)?$/.test(endpoint)) {
    throw new InvalidInputError(
      'A local endpoint must be http://127.0.0.1:PORT/… (a stand-in on this machine).',
    );
  }
  return endpoint.replace(/\/+$/, '');
}

export function readNcmecSettings(vault: Vault): NcmecSettingsView | null {
  const row = vault.db
    .prepare(
      'SELECT environment, endpoint, username, production_confirmed_at FROM ncmec_settings WHERE id = 1',
    )
    .get() as
    | {
        environment: NcmecEnvironment;
        endpoint: string;
        username: string;
        production_confirmed_at: string | null;
      }
    | undefined;
  return row
    ? {
        environment: row.environment,
        endpoint: row.endpoint,
        username: row.username,
        productionConfirmedAt: row.production_confirmed_at,
      }
    : null;
}

export function configureNcmec(vault: Vault, configuration: NcmecConfiguration): NcmecSettingsView {
  requireRole(vault, 'ncmec.configure');
  if (configuration.environment === 'production' && configuration.confirmProduction !== true) {
    throw new InvalidInputError(
      'Switching to production sends real reports to NCMEC: confirm it explicitly.',
    );
  }
  const endpoint = endpointOf(configuration);
  const previous = vault.db
    .prepare('SELECT environment, endpoint, password_sealed FROM ncmec_settings WHERE id = 1')
    .get() as { environment: NcmecEnvironment; endpoint: string; password_sealed: Buffer } | undefined;
  const sameEndpoint =
    previous !== undefined &&
    previous.environment === configuration.environment &&
    previous.endpoint === endpoint;
  if (!configuration.password && !sameEndpoint) {
    throw new InvalidInputError(
      previous
        ? `Give the NCMEC password for ${endpoint}: the stored password is only ever sent to ${previous.endpoint}, where it was given.`
        : 'Give the NCMEC password.',
    );
  }
  const sealed = configuration.password
    ? packSealed(
        seal(
          vault.dataKey(),
          Buffer.from(configuration.password),
          passwordAad(configuration.environment, endpoint),
        ),
      )
    : (previous as { password_sealed: Buffer }).password_sealed;
  const now = new Date().toISOString();
  const production = configuration.environment === 'production';
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO ncmec_settings (id, environment, endpoint, username, password_sealed, production_confirmed_at, production_confirmed_by, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET environment = excluded.environment, endpoint = excluded.endpoint,
           username = excluded.username, password_sealed = excluded.password_sealed,
           production_confirmed_at = excluded.production_confirmed_at, production_confirmed_by = excluded.production_confirmed_by,
           updated_at = excluded.updated_at`,
      )
      .run(
        configuration.environment,
        endpoint,
        configuration.username,
        sealed,
        production ? now : null,
        production ? vault.user.id : null,
        now,
      );
    vault.record('ncmec.settings', [], {
      environment: configuration.environment,
      endpoint,
      username: configuration.username,
      passwordChanged: Boolean(configuration.password),
      productionConfirmed: production,
    });
  })();
  return readNcmecSettings(vault) as NcmecSettingsView;
}

/** A client for the configured endpoint; the password is unsealed only here. */
export function configuredClient(vault: Vault): CyberTipClient {
  const row = vault.db
    .prepare('SELECT environment, endpoint, username, password_sealed FROM ncmec_settings WHERE id = 1')
    .get() as
    | { environment: NcmecEnvironment; endpoint: string; username: string; password_sealed: Buffer }
    | undefined;
  if (!row)
    throw new NotFoundError(
      'This vault has no CyberTipline endpoint yet. An admin sets it in the NCMEC settings.',
    );
  const password = openPassword(
    vault.dataKey(),
    unpackSealed(row.password_sealed),
    row.environment,
    row.endpoint,
  ).toString('utf8');
  return new CyberTipClient({ baseUrl: row.endpoint, username: row.username, password });
}
