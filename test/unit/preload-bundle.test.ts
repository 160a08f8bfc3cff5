// The sandboxed preload can require only 'electron': prove the bundle needs nothing else. Then run the
// built bundle against a stand-in electron and prove it exposes the contract's channels, each invoking its
// own IPC channel, and `on` for the contract's events (payload only, with a working unsubscribe), and
// nothing more.
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { targets } from '../../scripts/build-targets.mjs';
import { apiGlobalName, ipcChannelName, ipcEventName } from '../../shared/api';
import { channels } from '../../shared/contract';

let built: Promise<{ code: string; externals: string[] }> | null = null;

function preloadCode(): Promise<{ code: string; externals: string[] }> {
  built ??= bundle();
  return built;
}

async function bundle(): Promise<{ code: string; externals: string[] }> {
  const result = await build({ ...targets.preload, write: false, metafile: true, logLevel: 'silent' });
  const externals = Object.values(result.metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external).map((i) => i.path),
  );
  return { code: result.outputFiles.map((f) => f.text).join('\n'), externals };
}

type Handler = (event: unknown, payload: unknown) => void;

/** Runs the preload bundle with a recording stand-in for electron; answers what it exposed and heard. */
function runPreload(code: string) {
  const exposed = new Map<string, unknown>();
  const invoked: Array<[string, unknown]> = [];
  const handlers = new Map<string, Set<Handler>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
    ipcRenderer: {
      invoke: (channel: string, request: unknown) => {
        invoked.push([channel, request]);
        return Promise.resolve({ ok: true, value: null });
      },
      on: (channel: string, handler: Handler) => {
        handlers.set(channel, (handlers.get(channel) ?? new Set()).add(handler));
      },
      removeListener: (channel: string, handler: Handler) => handlers.get(channel)?.delete(handler),
    },
  };
  const require = (name: string) => {
    if (name !== 'electron') throw new Error(`the preload required ${name}`);
    return electron;
  };
  runInNewContext(code, { require, module: { exports: {} }, exports: {} });
  const send = (channel: string, payload: unknown) => {
    for (const handler of handlers.get(channel) ?? []) handler({ sender: 'the IpcRendererEvent' }, payload);
  };
  return { exposed, invoked, handlers, send };
}

type ExposedApi = Record<string, (...args: unknown[]) => unknown>;

describe('preload bundle', () => {
  it('requires only electron', async () => {
    const { code, externals } = await preloadCode();
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(externals).toEqual(['electron']);
  });

  it("exposes the contract's channels and `on`, and nothing more", async () => {
    const { exposed, invoked } = runPreload((await preloadCode()).code);
    expect([...exposed.keys()]).toEqual([apiGlobalName]);
    const api = exposed.get(apiGlobalName) as ExposedApi;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...channels, 'on'].sort());
    for (const channel of channels) await api[channel]?.({ probe: channel });
    expect(invoked).toEqual(channels.map((channel) => [ipcChannelName(channel), { probe: channel }]));
  });

  it("hands an event's listener the payload alone, until it unsubscribes", async () => {
    const { exposed, handlers, send } = runPreload((await preloadCode()).code);
    const api = exposed.get(apiGlobalName) as ExposedApi;
    const heard: unknown[][] = [];
    const unsubscribe = api.on?.('session.locked', (...args: unknown[]) => heard.push(args)) as () => void;
    send(ipcEventName('session.locked'), {});
    send(ipcEventName('submission.progress'), { id: 'elsewhere' });
    expect(heard).toEqual([[{}]]);
    unsubscribe();
    send(ipcEventName('session.locked'), {});
    expect(heard).toEqual([[{}]]);
    expect([...handlers.values()].every((set) => set.size === 0)).toBe(true);
  });

  it('refuses to listen to a name the contract does not declare', async () => {
    const { exposed, handlers } = runPreload((await preloadCode()).code);
    const api = exposed.get(apiGlobalName) as ExposedApi;
    expect(() => api.on?.('custody:vault.unlock', () => {})).toThrow(/no Custody event named/);
    expect(() => api.on?.('session.locked', 'not a function')).toThrow(/must be a function/);
    expect(handlers.size).toBe(0);
  });
});
