// Proves the import rules of DESIGN.md are enforced: a deliberate cross-environment import in each
// folder fails lint, and the same import is accepted where it belongs.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
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
