// The router answers an error, never a throw, for payloads too deep or too large for zod's recursion
// (security review, finding 18): a 100,000-deep `cases.saveReport`, a cyclic object as Electron IPC can
// carry, and a small object graph that unfolds into billions of values are all refused as BAD_REQUEST.
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_DEPTH, payloadShapeProblem } from '../../main/core/router';
import { testCore } from '../support/core';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const id = '00000000-0000-4000-8000-000000000000';

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { additionalInfo: value };
  return value;
}

describe('router payload shape', () => {
  it('answers BAD_REQUEST for a 100,000-deep saveReport instead of throwing', async () => {
    const { core } = await testCore(tempDir);
    const result = await core.router.call('cases.saveReport', { id, report: nested(100_000) });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `The request for cases.saveReport is malformed: it is nested more than ${MAX_PAYLOAD_DEPTH} levels deep.`,
      },
    });
  });

  it('refuses a cyclic payload and a shared graph that unfolds into too many values, fast', async () => {
    const { core } = await testCore(tempDir);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const looped = await core.router.call('cases.saveReport', { id, report: cyclic });
    expect(looped).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    let shared: unknown = 'x';
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    const started = performance.now();
    const unfolded = await core.router.call('cases.saveReport', { id, report: { a: shared } });
    expect(unfolded).toMatchObject({
      ok: false,
      error: { message: 'The request for cases.saveReport is malformed: it holds more than 1000000 values.' },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('lets ordinary payloads through to zod', () => {
    expect(payloadShapeProblem(nested(MAX_PAYLOAD_DEPTH - 1))).toBeNull();
    expect(payloadShapeProblem(nested(MAX_PAYLOAD_DEPTH))).toMatch(/nested more than/);
    expect(payloadShapeProblem({ ids: Array.from({ length: 10_001 }, () => id) })).toBeNull();
  });
});
