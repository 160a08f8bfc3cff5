// A Custody core in a fresh temporary folder (vaults, state and exports inside it), driven through the router
// as the renderer drives it, with `call()` returning a channel's value or throwing the core's refusal.
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../main/core';

export interface TestCore {
  core: Core;
  /** The temporary folder holding `vaults/`, `state/` and `exports/`. */
  root: string;
  /** The channel's value; throws `<channel>: <code> <message>` when the core refuses. */
  call<T = Record<string, unknown>>(channel: string, payload: unknown): Promise<T>;
}

/** Options a test may set on the core, such as how often the background outbox runs. */
export type TestCoreOptions = Partial<Omit<CoreOptions, 'vaultsRoot' | 'stateDir' | 'exportsRoot'>>;

export async function testCore(
  tempDir: () => Promise<string>,
  options: TestCoreOptions = {},
): Promise<TestCore> {
  const root = await tempDir();
  const core = createCore({
    app: { name: 'Custody', version: '0' },
    ...options,
    vaultsRoot: join(root, 'vaults'),
    stateDir: join(root, 'state'),
    exportsRoot: join(root, 'exports'),
  });
  return {
    core,
    root,
    async call<T>(channel: string, payload: unknown): Promise<T> {
      const result = await core.router.call(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
  };
}
