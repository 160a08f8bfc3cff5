import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../main/core/router';
import { WrongPassphraseError } from '../../main/core/errors';
import { channels } from '../../shared/contract';
import type { Role } from '../../shared/domain';

function spyHandlers(): Handlers & { calls: string[] } {
  const calls: string[] = [];
  const session = { vault: 'v', user: 'ana', role: 'admin' as const, unlockedAt: '2026-01-01T00:00:00.000Z' };
  // Every channel gets a spy; the ones these tests drive answer something, the rest fail loudly if reached.
  const all = Object.fromEntries(
    channels.map((channel) => [
      channel,
      vi.fn(async () => {
        calls.push(channel);
        throw new Error(`${channel} was not expected in this test`);
      }),
    ]),
  ) as unknown as Handlers;
  return {
    ...all,
    calls,
    'app.info': vi.fn(async () => {
      calls.push('app.info');
      return { name: 'Custody', version: '0.0.0', session: null, secret: 'must not leave' } as never;
    }),
    'vault.list': vi.fn(async () => {
      calls.push('vault.list');
      return { vaults: [] };
    }),
    'vault.create': vi.fn(async () => {
      calls.push('vault.create');
      return session;
    }),
    'vault.unlock': vi.fn(async (req) => {
      calls.push('vault.unlock');
      throw new WrongPassphraseError(req.user);
    }),
    'vault.lock': vi.fn(async () => {
      calls.push('vault.lock');
      return { locked: true as const };
    }),
  };
}

function routerWith(role: Role | null) {
  const handlers = spyHandlers();
  const internal = vi.fn();
  const router = createRouter(handlers, { role: () => role }, { onInternalError: internal });
  return { handlers, router, internal };
}

const malformed: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'vault'],
  ['an array', ['v', 'u', 'p']],
  ['a number', 42],
  ['missing fields', { vault: 'Main' }],
  ['wrong types', { vault: 1, user: true, passphrase: {} }],
  ['an extra field', { vault: 'Main', user: 'ana', passphrase: 'correct horse battery', admin: true }],
  ['a path-traversal vault name', { vault: '../../etc', user: 'ana', passphrase: 'correct horse battery' }],
  ['a short passphrase', { vault: 'Main', user: 'ana', passphrase: 'short' }],
  ['an upper-case user', { vault: 'Main', user: 'Ana', passphrase: 'correct horse battery' }],
  ['a prototype-polluting payload', JSON.parse('{"__proto__":{"x":1},"vault":"Main","user":"ana"}')],
];

describe('router', () => {
  it.each(malformed)('never lets %s reach a handler', async (_label, payload) => {
    const { router, handlers } = routerWith(null);
    const result = await router.call('vault.create', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('BAD_REQUEST');
    expect(handlers.calls).toEqual([]);
  });

  it('names the offending field in a malformed request', async () => {
    const { router } = routerWith(null);
    const result = await router.call('vault.create', { vault: 'Main', user: 'ana', passphrase: 'short' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', issues: [{ path: 'passphrase' }] },
    });
  });

  it.each([['no.such'], ['__proto__'], ['constructor'], [''], [42], [null]])(
    'rejects the unknown channel %j',
    async (name) => {
      const { router, handlers } = routerWith('admin');
      const result = await router.call(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(handlers.calls).toEqual([]);
    },
  );

  it('refuses a role the channel does not allow, without running the handler', async () => {
    const { router, handlers } = routerWith('counsel');
    const result = await router.call('review.categorize', {
      ids: ['6f1c0a52-8d43-4c1e-9a59-5f7c2b3e8d10'],
      category: 'A1',
      annotations: [],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses signed-in channels while locked, without running the handler', async () => {
    const { router, handlers } = routerWith(null);
    const result = await router.call('vault.lock', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(handlers.calls).toEqual([]);
  });

  it('lets only the fields declared in the contract leave the core', async () => {
    const { router } = routerWith(null);
    const result = await router.call('app.info', {});
    expect(result).toEqual({ ok: true, value: { name: 'Custody', version: '0.0.0', session: null } });
  });

  it('passes typed core errors through with their code and message', async () => {
    const { router } = routerWith(null);
    const result = await router.call('vault.unlock', { vault: 'Main', user: 'ana', passphrase: 'nope' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'WRONG_PASSPHRASE',
        message: 'The passphrase for user "ana" is wrong. Nothing was changed.',
      },
    });
  });

  it('hides unexpected errors behind a generic message and reports them to the log', async () => {
    const { router, handlers, internal } = routerWith('admin');
    vi.mocked(handlers['vault.list']).mockRejectedValueOnce(new Error('/secret/path/vault.db is busy'));
    const result = await router.call('vault.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('/secret/path');
    expect(internal).toHaveBeenCalledOnce();
  });
});
