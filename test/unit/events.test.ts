// The workstation's events: emit sends only what the contract declares (a payload outside its schema is
// refused and reaches no one; undeclared fields are dropped), every listener hears each event even when
// another throws, and unsubscribing stops delivery.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventOutsideContractError } from '../../main/core/events';
import { Workstation } from '../../main/core/workstation';
import type { CustodyEvent } from '../../shared/contract';
import { submissionProgress as progress } from '../support/event-samples';
import { useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function workstation(onBackgroundError?: (error: unknown) => void): Promise<Workstation> {
  const root = await tempDir();
  return new Workstation({
    vaultsRoot: join(root, 'vaults'),
    stateDir: join(root, 'state'),
    exportsRoot: join(root, 'exports'),
    ...(onBackgroundError ? { onBackgroundError } : {}),
  });
}

describe('workstation events', () => {
  it('delivers a declared event to every listener until it unsubscribes', async () => {
    const ws = await workstation();
    const first: CustodyEvent[] = [];
    const second: CustodyEvent[] = [];
    const stopFirst = ws.onEvent((event) => first.push(event));
    ws.onEvent((event) => second.push(event));
    ws.emit('submission.progress', progress);
    stopFirst();
    ws.emit('session.locked', {});
    expect(first).toEqual([{ name: 'submission.progress', payload: progress }]);
    expect(second).toEqual([
      { name: 'submission.progress', payload: progress },
      { name: 'session.locked', payload: {} },
    ]);
  });

  it('refuses a payload outside the schema at emit, and no listener hears it', async () => {
    const ws = await workstation();
    const heard: CustodyEvent[] = [];
    ws.onEvent((event) => heard.push(event));
    const wrongState = { ...progress, state: 'teleported' } as unknown as typeof progress;
    expect(() => ws.emit('submission.progress', wrongState)).toThrow(EventOutsideContractError);
    expect(() => ws.emit('submission.progress', {} as typeof progress)).toThrow(/submission\.progress/);
    expect(() => ws.emit('session.locked', { vault: 'Casework' } as never)).toThrow(
      EventOutsideContractError,
    );
    expect(heard).toEqual([]);
  });

  it('sends only the declared fields of a payload', async () => {
    const ws = await workstation();
    const heard: CustodyEvent[] = [];
    ws.onEvent((event) => heard.push(event));
    ws.emit('submission.progress', { ...progress, password: 'never sent' } as typeof progress);
    expect(heard).toEqual([{ name: 'submission.progress', payload: progress }]);
  });

  it('reports a failing listener as a background error and still tells the others', async () => {
    const failures: unknown[] = [];
    const ws = await workstation((error) => failures.push(error));
    const heard: string[] = [];
    ws.onEvent(() => {
      throw new Error('listener broke');
    });
    ws.onEvent((event) => heard.push(event.name));
    ws.emit('session.locked', {});
    expect(heard).toEqual(['session.locked']);
    expect(failures).toEqual([new Error('listener broke')]);
  });
});
