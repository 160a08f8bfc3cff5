// custody decide record|review|resolve|list|queue|gate|sampling|agreement: decisions on items and cases
// with their rationale, blind second reviews, a supervisor's resolution, the fairness-gate check of a case
// (exit 1 naming what is missing), quality sampling and agreement. Thin callers of the core's verbs.
import {
  decisionOutcome,
  type DecisionOutcome,
  type DecisionView,
  type SubjectKind,
} from '../../../shared/decisions';
import {
  agreementRates,
  configureSampling,
  decisionsFor,
  gateCheck,
  readSampling,
  recordDecision,
  resolveDispute,
  reviewDecision,
  reviewQueues,
  viewDecision,
} from '../../core/decisions';
import { CheckFailed, parse, requireString, UsageError, type Command, type Io } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('decide');

const options = {
  ...vaultOptions,
  item: { type: 'string' },
  case: { type: 'string' },
  decision: { type: 'string' },
  category: { type: 'string' },
  report: { type: 'string' },
  action: { type: 'string' },
  annotation: { type: 'string', multiple: true },
  rationale: { type: 'string' },
  percent: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];

/** The decision stated on the command line, checked against the shared schema. */
function outcomeFrom(values: Values): DecisionOutcome {
  const parsed = decisionOutcome.safeParse({
    category: values.category ?? null,
    report: requireString(values.report, '--report', usage),
    action: values.action ?? 'none',
    annotations: values.annotation ?? [],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? 'report')}: ${issue?.message}\nusage: ${usage}`);
  }
  return parsed.data;
}

function subject(values: Values): { kind: SubjectKind; id: string } {
  if (values.item && values.case) throw new UsageError(`name --item or --case, not both.\nusage: ${usage}`);
  if (values.item) return { kind: 'item', id: values.item };
  if (values.case) return { kind: 'case', id: values.case };
  throw new UsageError(`name the decision's subject with --item ID or --case ID.\nusage: ${usage}`);
}

function describe(d: DecisionView): string {
  const said = d.outcome
    ? `${d.outcome.report}, action ${d.outcome.action}, category ${d.outcome.category ?? '-'}`
    : 'blind: record your own review first';
  const state = d.state ? ` [${d.state}]` : d.agreed === null ? '' : d.agreed ? ' [agrees]' : ' [disagrees]';
  return `${d.id} ${d.kind} by ${d.decidedBy} at ${d.decidedAt}${state}: ${said}`;
}

function print(io: Io, json: boolean | undefined, value: unknown, lines: () => string[]): void {
  if (json) io.out(JSON.stringify(value));
  else for (const line of lines()) io.out(line);
}

export const decide: Command = {
  async run(args, io) {
    const { values, positionals } = parse(args, options, usage);
    const [action] = positionals;
    const rationale = () => requireString(values.rationale, '--rationale', usage);
    switch (action) {
      case 'record': {
        const { kind, id } = subject(values);
        const input = { outcome: outcomeFrom(values), rationale: rationale() };
        const view = await withVault(values, io, usage, async (vault) =>
          viewDecision(vault, recordDecision(vault, kind, id, input)),
        );
        print(io, values.json, view, () => [
          view.id,
          view.alone
            ? `The decision stands alone: ${view.aloneReason}.`
            : `The decision awaits a blind second reviewer: ${view.aloneReason}.`,
        ]);
        return 0;
      }
      case 'review':
      case 'resolve': {
        const id = requireString(values.decision, '--decision', usage);
        const input = { outcome: outcomeFrom(values), rationale: rationale() };
        const views = await withVault(values, io, usage, async (vault) => {
          if (action === 'resolve') return [viewDecision(vault, resolveDispute(vault, id, input))];
          const { review, first } = reviewDecision(vault, id, input);
          return [viewDecision(vault, review), viewDecision(vault, first)];
        });
        print(io, values.json, views, () => views.map(describe));
        return 0;
      }
      case 'list': {
        const { id } = subject(values);
        const views = await withVault(values, io, usage, async (vault) => decisionsFor(vault, id));
        print(io, values.json, views, () =>
          views.length === 0 ? ['No decisions recorded.'] : views.map(describe),
        );
        return 0;
      }
      case 'queue': {
        const queues = await withVault(values, io, usage, async (vault) => reviewQueues(vault));
        print(io, values.json, queues, () => [
          ...queues.second.map((q) => `second ${q.decisionId} ${q.subjectKind} ${q.subjectName}`),
          ...queues.sample.map((q) => `sample ${q.decisionId} ${q.subjectKind} ${q.subjectName}`),
          ...queues.disputed.map((d) => `disputed ${d.id} ${d.subjectKind} ${d.subjectName}`),
        ]);
        return 0;
      }
      case 'gate': {
        const caseId = requireString(values.case, '--case', usage);
        const check = await withVault(values, io, usage, async (vault) => gateCheck(vault, caseId));
        print(io, values.json, check, () =>
          check.satisfied
            ? [`Case "${check.title}" satisfies the fairness gate (policy version ${check.policyVersion}).`]
            : check.missing,
        );
        if (!check.satisfied)
          throw new CheckFailed(`case "${check.title}" does not satisfy the fairness gate.`);
        return 0;
      }
      case 'sampling': {
        const settings = await withVault(values, io, usage, async (vault) => {
          if (values.percent === undefined) return readSampling(vault);
          const percent = Number(values.percent);
          if (!Number.isFinite(percent)) throw new UsageError(`--percent must be a number.\nusage: ${usage}`);
          return configureSampling(vault, { percent, seed: values.seed ?? readSampling(vault).seed });
        });
        print(io, values.json, settings, () => [
          `${settings.percent}% of decisions are re-reviewed blind (seed "${settings.seed}").`,
        ]);
        return 0;
      }
      case 'agreement': {
        const rows = await withVault(values, io, usage, async (vault) => agreementRates(vault));
        print(io, values.json, rows, () =>
          rows.length === 0
            ? ['No blind reviews recorded yet.']
            : rows.map((r) => `${r.period} ${r.by} ${r.key}: ${r.agreed}/${r.reviews} agreed`),
        );
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use record, review, resolve, list, queue, gate, sampling or agreement.\nusage: ${usage}`,
        );
    }
  },
};
