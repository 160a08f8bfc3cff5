// Each user's wellness settings (blur, greyscale, reveal hold, break reminder), kept in the vault and
// changed only through a signed `settings.wellness` entry.
import { defaultWellness, wellnessSettings, type WellnessSettings } from '../../../shared/review';
import { requireRole, type Vault } from '../identity';

export function readWellness(vault: Vault): WellnessSettings {
  const stored = vault.db
    .prepare('SELECT wellness FROM user_settings WHERE user_id = ?')
    .pluck()
    .get(vault.user.id) as string | undefined;
  if (!stored) return { ...defaultWellness };
  const parsed = wellnessSettings.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : { ...defaultWellness };
}

export function writeWellness(vault: Vault, settings: WellnessSettings): WellnessSettings {
  requireRole(vault, 'settings.self');
  vault.db.transaction(() => {
    vault.db
      .prepare(
        'INSERT INTO user_settings (user_id, wellness) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET wellness = excluded.wellness',
      )
      .run(vault.user.id, JSON.stringify(settings));
    vault.record('settings.wellness', [vault.user.id], { ...settings });
  })();
  return settings;
}
