// Which command-line switches would open the running app to a debugger: Chromium's remote debugging,
// Node's inspector, raw V8 flags. Anyone able to start a packaged Custody with one could read the keys and
// evidence of the vault unlocked in it, so index.ts refuses to start with them. Pure; reads nothing.

/** Switch names (without dashes) that attach or enable a debugger. */
export const debuggingSwitchNames = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-wait',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'js-flags',
] as const;

/**
 * The debugging switches among `args` (the command line without the executable), written as `--name`,
 * `-name` or, as Windows allows, `/name`, with or without `=value`; and those `hasSwitch` (Chromium's own
 * parse of its command line) reports.
 */
export function debuggingSwitches(args: readonly string[], hasSwitch: (name: string) => boolean): string[] {
  const found = new Set<string>();
  for (const arg of args) {
    const name = /^(?:--?|\/)([A-Za-z-]+)(?:=|$)/.exec(arg)?.[1]?.toLowerCase();
    if (name && (debuggingSwitchNames as readonly string[]).includes(name)) found.add(`--${name}`);
  }
  for (const name of debuggingSwitchNames) if (hasSwitch(name)) found.add(`--${name}`);
  return [...found];
}
