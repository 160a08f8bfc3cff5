// custody appeal record|review|list: appeals against decisions, entered by staff for the account holder
// and reviewed by someone who took no part in the decision; a reversal prints the report follow-up.
import { appealOutcomes, type AppealView } from '../../../shared/decisions';
import { listAppeals, recordAppeal, reviewAppeal } from '../../core/decisions';
import { parse, requireString, UsageError, type Command } from '../io';
import { vaultOptions, withVault } from '../vault-access';
import { listed } from './index';

const { usage } = listed('appeal');

function describe(a: AppealView): string {
  const review = a.reviewedBy ? ` by ${a.reviewedBy}: ${a.rationale ?? ''}` : '';
  const followUp = a.followUp ? ` Follow-up (${a.followUp.kind}): ${a.followUp.note}` : '';
  return `${a.id} [${a.state}] decision ${a.decisionId} (${a.subjectName})${review}${followUp}`;
}

export const appeal: Command = {
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...vaultOptions,
        decision: { type: 'string' },
        appeal: { type: 'string' },
        statement: { type: 'string' },
        outcome: { type: 'string' },
        rationale: { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const [action] = positionals;
    let appeals: AppealView[];
    switch (action) {
      case 'record': {
        const decision = requireString(values.decision, '--decision', usage);
        const statement = requireString(values.statement, '--statement', usage);
        appeals = [
          await withVault(values, io, usage, async (vault) => recordAppeal(vault, decision, statement)),
        ];
        break;
      }
      case 'review': {
        const id = requireString(values.appeal, '--appeal', usage);
        const outcome = appealOutcomes.find((o) => o === values.outcome);
        if (!outcome) throw new UsageError(`--outcome must be upheld or reversed.\nusage: ${usage}`);
        const rationale = requireString(values.rationale, '--rationale', usage);
        appeals = [
          await withVault(values, io, usage, async (vault) => reviewAppeal(vault, id, outcome, rationale)),
        ];
        break;
      }
      case 'list':
        appeals = await withVault(values, io, usage, async (vault) => listAppeals(vault));
        break;
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use record, review or list.\nusage: ${usage}`,
        );
    }
    if (values.json) io.out(JSON.stringify(action === 'list' ? appeals : appeals[0]));
    else if (appeals.length === 0) io.out('No appeals.');
    else for (const a of appeals) io.out(describe(a));
    return 0;
  },
};
