// `npm run fuzz`'s summary: vitest's global setup empties the figures file before the run, and its teardown
// prints what every target and the crash campaign appended to it (harness.ts recordFigures). Reads only.
import { readFileSync, rmSync } from 'node:fs';

/** Set by vitest.fuzz.config.ts before this setup runs. */
const figuresFile = process.env.CUSTODY_FUZZ_FIGURES ?? 'test-results/fuzz/figures.jsonl';

interface TargetFigures {
  target: string;
  inputs: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
  peakRssMiB: number;
  seed: number;
}

interface CampaignFigures {
  campaign: string;
  seed: number;
  kills: number;
  killedMidOperation: number;
  corrupt: number;
  lost: number;
  plaintextLeft: number;
  evidenceLeft: number;
  planned: number;
  minutes: number;
}

export default function setup(): () => void {
  rmSync(figuresFile, { force: true });
  const started = Date.now();
  return () => {
    let text: string;
    try {
      text = readFileSync(figuresFile, 'utf8');
    } catch {
      console.log('fuzz: no figures were recorded.');
      return;
    }
    const lines = text.split('\n').filter(Boolean);
    const rows = lines.map((line) => JSON.parse(line) as TargetFigures | CampaignFigures);
    const targets = rows.filter((r): r is TargetFigures => 'target' in r);
    const width = Math.max(...targets.map((t) => t.target.length), 6);
    console.log(
      `\nfuzz figures (${Math.round((Date.now() - started) / 1000)} s; peak RSS of each target's process)`,
    );
    console.log(`${'target'.padEnd(width)}  inputs  crashes  hangs  slowest ms  peak RSS MiB`);
    for (const t of targets) {
      console.log(
        `${t.target.padEnd(width)}  ${String(t.inputs).padStart(6)}  ${String(t.crashes).padStart(7)}  ${String(t.hangs).padStart(5)}  ${String(t.slowestMs).padStart(10)}  ${String(t.peakRssMiB).padStart(12)}`,
      );
    }
    const sum = (key: 'inputs' | 'crashes' | 'hangs') => targets.reduce((n, t) => n + t[key], 0);
    console.log(
      `${'all targets'.padEnd(width)}  ${String(sum('inputs')).padStart(6)}  ${String(sum('crashes')).padStart(7)}  ${String(sum('hangs')).padStart(5)}`,
    );
    for (const c of rows.filter((r): r is CampaignFigures => 'campaign' in r)) {
      console.log(
        `crash campaign (CUSTODY_KILL_SEED=${c.seed}): ${c.kills} of ${c.planned} kills in ${c.minutes} min, each followed by open + verify: ${c.killedMidOperation} mid-operation, ${c.corrupt} corrupt vaults, ${c.lost} lost items, ${c.plaintextLeft} plaintext left behind (${c.evidenceLeft} with evidence bytes)`,
      );
    }
  };
}
