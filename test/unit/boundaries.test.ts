// Proves the import rules of DESIGN.md are enforced: a deliberate cross-environment import in each
// folder fails lint, and the same import is accepted where it belongs. The same for the core's shape: a
// deep import into another module, and SQL on a table another module owns (or any SQL outside the
// modules), fail lint with a message naming what to use instead; the legal forms pass.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function problemsFor(
  filePath: string,
  code: string,
): Promise<Array<{ rule: string; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.severity === 2)
    .map((m) => ({ rule: m.ruleId ?? m.message, message: m.message }));
}

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  return (await problemsFor(filePath, code)).map((p) => p.rule);
}

const violations: Array<[string, string, string]> = [
  ['shared/probe.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
  [
    'shared/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    'no-restricted-imports',
  ],
  [
    'shared/probe.ts',
    "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
    'no-restricted-imports',
  ],
  ['shared/probe.ts', 'export const x = document.title;\n', 'no-restricted-globals'],
  [
    'renderer/src/probe.ts',
    "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/src/probe.ts',
    "import { join } from 'node:path';\nexport const x = join;\n",
    'no-restricted-imports',
  ],
  [
    'renderer/src/probe.ts',
    "import { createRouter } from '../../main/core/router';\nexport const x = createRouter;\n",
    'no-restricted-imports',
  ],
  [
    'preload/probe.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    'no-restricted-imports',
  ],
  [
    'preload/probe.ts',
    "import { createRouter } from '../main/core/router';\nexport const x = createRouter;\n",
    'no-restricted-imports',
  ],
  ['main/core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
  [
    'main/core/vault/probe.ts',
    "import { safeStorage } from 'electron/main';\nexport const x = safeStorage;\n",
    'no-restricted-imports',
  ],
  ['main/cli/probe.ts', "import { app } from 'electron';\nexport const x = app;\n", 'no-restricted-imports'],
];

const allowed: Array<[string, string]> = [
  ['shared/probe.ts', "import { z } from 'zod';\nexport const x = z;\n"],
  [
    'renderer/src/probe.ts',
    "import { contract } from '../../shared/contract';\nexport const x = contract;\n",
  ],
  ['preload/probe.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n"],
  ['main/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ['main/window.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n"],
];

describe('environment boundaries', () => {
  it.each(violations)('%s: rejects %j', async (file, code, rule) => {
    expect(await errorsFor(file, code)).toContain(rule);
  });

  it.each(allowed)('%s: accepts %j', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

// The renderer's layers: review/ and report/ build on workspace/, components/ and shared/, never on each
// other or on screens/; workspace/ and components/ import no feature. The sandbox rule still holds there.
const probe = (from: string, name: string) =>
  `import { ${name} } from '${from}';\nexport const x = ${name};\n`;

const layerViolations: Array<[string, string]> = [
  ['renderer/src/review/probe.ts', probe('../report/store', 'useCases')],
  ['renderer/src/review/probe.ts', probe('../screens/keymap', 'keymap')],
  ['renderer/src/report/probe.ts', probe('../review/store', 'useReview')],
  ['renderer/src/report/probe.tsx', probe('../review/QueueNav', 'QueueNav')],
  ['renderer/src/workspace/probe.ts', probe('../review/store', 'useReview')],
  ['renderer/src/workspace/probe.ts', probe('../report/store', 'useCases')],
  ['renderer/src/components/probe.ts', probe('../workspace/store', 'useWorkspace')],
  ['renderer/src/review/probe.ts', probe('electron', 'ipcRenderer')],
  ['renderer/src/report/probe.ts', probe('../../../main/core/router', 'createRouter')],
];

const layerAllowed: Array<[string, string]> = [
  ['renderer/src/review/probe.ts', probe('../workspace/store', 'useWorkspace')],
  ['renderer/src/review/probe.ts', probe('../components/Dialog', 'Dialog')],
  ['renderer/src/report/probe.ts', probe('../../../shared/review', 'queueLabels')],
  ['renderer/src/report/probe.ts', probe('../workspace/access', 'mayCall')],
  ['renderer/src/workspace/probe.ts', probe('../components/ErrorBanner', 'errorMessage')],
  ['renderer/src/screens/probe.ts', probe('../review/store', 'useReview')],
  ['renderer/src/screens/probe.ts', probe('../report/store', 'useCases')],
];

describe('renderer layers', () => {
  it.each(layerViolations)('%s: rejects %j', async (file, code) => {
    expect(await errorsFor(file, code)).toContain('no-restricted-imports');
  });

  it.each(layerAllowed)('%s: accepts %j', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

/** A function body issuing `sql` the way the core does, on a vault's database. */
function issuing(sql: string, method = 'prepare'): string {
  return (
    "import type { Vault } from '../identity';\n" +
    `export const probe = (vault: Vault) => vault.db.${method}(${sql});\n`
  );
}

const deepImports: Array<[string, string, string]> = [
  [
    'main/core/media/probe.ts',
    "export { readBlob } from '../vault/blobs';\n",
    'main/core/vault (its index.ts)',
  ],
  [
    'main/core/media/probe.ts',
    "import { Ledger } from '../ledger/ledger';\nexport const x = Ledger;\n",
    'main/core/ledger (its index.ts)',
  ],
  [
    'main/core/probe.ts',
    "import { listItems } from './review/items';\nexport const x = listItems;\n",
    'main/core/review (its index.ts)',
  ],
  [
    'main/cli/commands/probe.ts',
    "import { Vault } from '../../core/identity/session';\nexport const x = Vault;\n",
    'main/core/identity (its index.ts)',
  ],
  [
    'main/probe.ts',
    "export const x = () => import('./core/matching/matcher');\n",
    'main/core/matching (its index.ts)',
  ],
];

const publicImports: Array<[string, string]> = [
  ['main/core/media/probe.ts', "export { readBlob } from '../vault';\n"],
  ['main/core/vault/probe.ts', "export { readBlob } from './blobs';\n"],
  ['main/core/matching/banks/probe.ts', "export { Matcher } from '../matcher';\n"],
  ['main/cli/commands/probe.ts', "export { hashFiles } from '../../core/matching/pdq';\n"],
  ['main/cli/commands/probe.ts', "export { Vault } from '../../core/identity';\n"],
  ['main/probe.ts', "export { createCore } from './core';\n"],
  ['test/unit/probe.test.ts', "export { MerkleLog } from '../../main/core/ledger/merkle';\n"],
];

const foreignSql: Array<[string, string, string]> = [
  [
    'main/core/matching/probe.ts',
    issuing("'SELECT id FROM items WHERE id = ?'"),
    'Table items belongs to main/core/review/',
  ],
  [
    'main/core/review/probe.ts',
    issuing("'UPDATE banks SET removed_at = ? WHERE id = ?'"),
    'Table banks belongs to main/core/matching/',
  ],
  [
    'main/core/media/probe.ts',
    issuing("'select name from users'"),
    'Table users belongs to main/core/identity/',
  ],
  [
    'main/core/review/probe.ts',
    "export const filter = 'AND EXISTS (SELECT 1 FROM matches m WHERE m.item_id = i.id)';\n",
    'Table matches belongs to main/core/matching/',
  ],
  [
    'main/core/cybertip/probe.ts',
    issuing("`SELECT s.id FROM submissions s JOIN cases c ON c.id = s.case_id WHERE ${'1'}`"),
    'Table cases belongs to main/core/review/',
  ],
  [
    'main/core/identity/probe.ts',
    issuing("'DELETE FROM ledger_entries'", 'exec'),
    'Table ledger_entries belongs',
  ],
  [
    'main/core/review/probe.ts',
    issuing("'SELECT * FROM evidence_notes'"),
    'Table evidence_notes has no owner',
  ],
  ['main/core/probe.ts', issuing("'SELECT 1'"), 'No SQL in main/core/probe.ts'],
  ['main/core/probe.ts', issuing('statement', 'exec'), 'No SQL in main/core/probe.ts'],
  ['main/cli/commands/probe.ts', issuing("'SELECT id FROM items'"), 'No SQL in main/cli/commands/probe.ts'],
  ['main/probe.ts', "export const sql = 'DELETE FROM blobs';\n", 'No SQL in main/probe.ts'],
];

const ownedSql: Array<[string, string]> = [
  [
    'main/core/review/probe.ts',
    issuing("'SELECT i.id FROM items i JOIN item_categories c ON c.item_id = i.id'"),
  ],
  [
    'main/core/matching/probe.ts',
    issuing(
      '`WITH best AS (SELECT item_id FROM matches WHERE item_id IN (SELECT value FROM json_each(?))) SELECT * FROM best`',
    ),
  ],
  ['main/core/vault/probe.ts', issuing("'foreign_keys = ON'", 'pragma')],
  ['main/core/probe.ts', 'export const first = (s: string) => /^(\\w+) FROM items/.exec(s);\n'],
  ['main/core/probe.ts', "export const message = 'Select the items to move from one case to another.';\n"],
  ['main/core/vault/migrations/probe.ts', issuing("'CREATE TABLE items (id TEXT PRIMARY KEY)'", 'exec')],
  ['test/integration/probe.test.ts', issuing("'UPDATE ledger_entries SET leaf = ? WHERE seq = 1'")],
];

describe('module boundaries', () => {
  it.each(deepImports)('%s: rejects %j', async (file, code, use) => {
    const problems = await problemsFor(file, code);
    expect(problems.map((p) => p.rule)).toEqual(['custody/module-boundaries']);
    expect(problems[0]?.message).toContain(`Import ${use}`);
  });

  it.each(publicImports)('%s: accepts %j', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});

describe('table ownership', () => {
  it.each(foreignSql)('%s: rejects %j', async (file, code, says) => {
    const problems = await problemsFor(file, code);
    expect(problems.map((p) => p.rule)).toContain('custody/sql-ownership');
    expect(problems.find((p) => p.rule === 'custody/sql-ownership')?.message).toContain(says);
  });

  it.each(ownedSql)('%s: accepts %j', async (file, code) => {
    expect(await errorsFor(file, code)).toEqual([]);
  });
});
