// The router: the one door from an untrusted caller (the renderer through Electron IPC, or the end-to-end
// harness over loopback) into the core. It rejects unknown channels and malformed payloads before any
// handler runs, checks the caller's access, and lets only the fields declared in the contract leave.
import type { z } from 'zod';
import {
  contract,
  isChannel,
  type Access,
  type Channel,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared/contract';
import type { FieldIssue, IpcFailure, IpcResult } from '../../shared/errors';
import type { Role } from '../../shared/domain';
import { CustodyError, databaseDamage, UnlockThrottledError } from './errors';

export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

export interface Caller {
  /** The signed-in user's role, or null while no vault is unlocked. */
  role(): Role | null;
}

export interface Router {
  call(channel: unknown, payload: unknown): Promise<IpcResult<unknown>>;
}

export interface RouterOptions {
  /** Where unexpected (non-Custody) errors are reported; their details never reach the caller. */
  onInternalError?: (channel: Channel, error: unknown) => void;
}

/**
 * How deep and how large a payload may be before zod looks at it: zod and the refinements behind it recurse,
 * so a 20,000-deep payload threw instead of being refused. The deepest contract payload (a report draft) is
 * about a dozen levels; Electron IPC has no size limit of its own, and may carry shared or cyclic objects.
 */
export const MAX_PAYLOAD_DEPTH = 64;
export const MAX_PAYLOAD_NODES = 1_000_000;

/** Why a payload is refused before parsing (too deep, too many values), walked without recursion; or null. */
export function payloadShapeProblem(payload: unknown): string | null {
  const stack: Array<[unknown, number]> = [[payload, 0]];
  let nodes = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (++nodes > MAX_PAYLOAD_NODES) return `it holds more than ${MAX_PAYLOAD_NODES} values`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_PAYLOAD_DEPTH) return `it is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return null;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function fail(error: IpcFailure): IpcResult<never> {
  return { ok: false, error };
}

function accessFailure(access: Access, role: Role | null): IpcFailure | null {
  if (access === 'anyone') return null;
  if (role === null) return { code: 'VAULT_LOCKED', message: 'The vault is locked. Unlock it to continue.' };
  if (access === 'signed-in' || access.includes(role)) return null;
  return {
    code: 'FORBIDDEN',
    message: `Your role (${role}) cannot do this. It needs one of: ${access.join(', ')}.`,
  };
}

/**
 * The schema's verdict on `payload`, or null when checking it threw: a refinement's JSON.stringify on a
 * cyclic value or a BigInt, or a stack overflow on a payload nested tens of thousands deep. Such a payload
 * is refused like any malformed one instead of escaping the router.
 */
function safeParseRequest(schema: z.ZodType, payload: unknown): ReturnType<z.ZodType['safeParse']> | null {
  try {
    return schema.safeParse(payload);
  } catch {
    return null;
  }
}

export function createRouter(handlers: Handlers, caller: Caller, options: RouterOptions = {}): Router {
  return {
    async call(channel, payload) {
      if (!isChannel(channel)) {
        return fail({
          code: 'UNKNOWN_CHANNEL',
          message: `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`,
        });
      }
      const spec = contract[channel];
      const shape = payloadShapeProblem(payload);
      if (shape !== null) {
        return fail({ code: 'BAD_REQUEST', message: `The request for ${channel} is malformed: ${shape}.` });
      }
      const parsed = safeParseRequest(spec.request, payload);
      if (parsed === null) {
        return fail({
          code: 'BAD_REQUEST',
          message: `The request for ${channel} is malformed: it cannot be read (too deeply nested, cyclic or not plain data).`,
        });
      }
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        return fail({
          code: 'BAD_REQUEST',
          message: `The request for ${channel} is malformed: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
          issues,
        });
      }
      const denied = accessFailure(spec.access, caller.role());
      if (denied) return fail(denied);
      try {
        const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
        const value: unknown = await handler(parsed.data);
        const out = spec.response.safeParse(value);
        if (!out.success)
          throw new Error(`${channel} produced an answer outside its contract: ${out.error.message}`);
        return { ok: true, value: out.data };
      } catch (thrown) {
        const error = databaseDamage(thrown) ?? thrown;
        if (error instanceof CustodyError) {
          return fail({
            code: error.code,
            message: error.message,
            ...(error.issues ? { issues: error.issues } : {}),
            ...(error instanceof UnlockThrottledError ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
          });
        }
        options.onInternalError?.(channel, error);
        return fail({
          code: 'INTERNAL',
          message: `Custody could not complete ${channel}. The details are in the workstation log.`,
        });
      }
    },
  };
}
