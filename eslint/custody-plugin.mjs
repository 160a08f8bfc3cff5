// Custody's own lint rules for the shape of the core (DESIGN.md "Layout"); test/unit/boundaries.test.ts
// proves each fires. module-boundaries: outside a core module, only its public index.ts may be imported.
// sql-ownership: SQL names only tables its module owns (eslint/table-owners.mjs); none outside the modules.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableOwners } from './table-owners.mjs';

/** The repository's root: this file's folder's parent, wherever lint is run from. */
const root = fileURLToPath(new URL('..', import.meta.url));

/** A path relative to the repository, with forward slashes. */
function repoPath(path) {
  return relative(root, path).split(sep).join('/');
}

/** The core module a repository path lies in (main/core/<module>/...), or null. */
function moduleOf(path) {
  return /^main\/core\/([^/]+)\/./.exec(path)?.[1] ?? null;
}

function isDirectoryWithIndex(path) {
  const absolute = resolve(root, path);
  return (
    existsSync(absolute) && statSync(absolute).isDirectory() && existsSync(resolve(absolute, 'index.ts'))
  );
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description: "Outside a core module, import only the module's index.ts (or a folder's with one).",
    },
    schema: [],
    messages: {
      deep:
        'Import main/core/{{module}} (its index.ts), not main/core/{{module}}/{{rest}}: outside {{module}}/ ' +
        'only its public surface may be used.',
    },
  },
  create(context) {
    const own = moduleOf(repoPath(context.filename));
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = repoPath(resolve(dirname(context.filename), source));
      const match = /^main\/core\/([^/]+)\/(.+)$/.exec(target);
      if (!match) return;
      const [, module, rest] = match;
      if (module === own) return;
      if (rest === 'index' || rest.endsWith('/index') || isDirectoryWithIndex(target)) return;
      context.report({ node, messageId: 'deep', data: { module, rest } });
    }
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

const ownerOf = new Map(
  Object.entries(tableOwners).flatMap(([module, tables]) => tables.map((table) => [table, module])),
);

/**
 * SQL is found two ways: any string given to a database's prepare/pragma/exec, and any other string that
 * reads as SQL written in the code's style, upper-case keywords (a statement's first word, or a clause
 * naming a lower-case table), such as fragments and statements built before they are prepared.
 */
const sqlCalls = new Set(['prepare', 'pragma', 'exec']);
const statementStart = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|DROP|ALTER|PRAGMA)\b/;
const tableClause = /\b(FROM|JOIN|INTO|UPDATE|REFERENCES|TABLE)\s+[a-z_][a-z0-9_]*\b/;
const tableNames =
  /\b(?:FROM|JOIN|INTO|UPDATE|REFERENCES|TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?)\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
/** Words that can follow those keywords without being a table (`DO UPDATE SET`, `FROM (SELECT`). */
const notTables = new Set(['set', 'select', 'where', 'values', 'default', 'or', 'ignore', 'replace']);
/** Common table expressions defined by the SQL (`name AS (`): names, not tables. */
const cteNames = /\b([a-z_][a-z0-9_]*)\s+AS\s*\(/gi;
/** Table-valued functions that may follow FROM or JOIN. */
const tableFunctions = /^(json_each|json_tree|pragma_[a-z_]+)$/i;

function looksLikeSql(text) {
  return statementStart.test(text) || tableClause.test(text);
}

/** The text of a string or template literal; each ${…} stands as a gap that names no table. */
function literalText(node) {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : null;
  return node.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' \u2026 ');
}

/** The SQL method a call invokes on a database (`x.db.prepare(…)`, `db.exec(…)`), or null. */
function sqlMethod(context, node) {
  if (node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier') return null;
  const method = node.callee.property.name;
  if (!sqlCalls.has(method)) return null;
  // A RegExp's exec is not SQL: exec counts only when called on something named db.
  if (method === 'exec' && !/\bdb$/.test(context.sourceCode.getText(node.callee.object))) return null;
  return method;
}

const sqlOwnership = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL names only tables its module owns (eslint/table-owners.mjs).' },
    schema: [],
    messages: {
      outside:
        "No SQL in {{file}}: it is outside every core module. Call the owning module's verbs (through its " +
        'index.ts) instead; eslint/table-owners.mjs says which module owns each table.',
      foreign:
        'Table {{table}} belongs to main/core/{{owner}}/, not {{module}}/: call a verb from ' +
        "main/core/{{owner}}'s index.ts instead of issuing SQL on it.",
      unknown:
        'Table {{table}} has no owner in eslint/table-owners.mjs: add it to the list of the module that ' +
        'creates and keeps it.',
    },
  },
  create(context) {
    const file = repoPath(context.filename);
    const own = moduleOf(file);
    const prepared = new WeakSet();
    const literals = [];
    const defined = new Set();
    const collect = (node) => {
      const text = literalText(node);
      if (text === null || (!prepared.has(node) && !looksLikeSql(text))) return;
      literals.push({ node, text });
      for (const [, name] of text.matchAll(cteNames)) defined.add(name.toLowerCase());
    };
    return {
      Literal: collect,
      TemplateLiteral: collect,
      CallExpression(node) {
        if (!sqlMethod(context, node)) return;
        const [argument] = node.arguments;
        if (argument?.type === 'Literal' || argument?.type === 'TemplateLiteral') prepared.add(argument);
        // Outside the modules, a statement built elsewhere is still SQL issued here.
        else if (own === null) context.report({ node, messageId: 'outside', data: { file } });
      },
      'Program:exit'() {
        for (const { node, text } of literals) {
          if (own === null) {
            context.report({ node, messageId: 'outside', data: { file } });
            continue;
          }
          const named = new Set([...text.matchAll(tableNames)].map((m) => m[1].toLowerCase()));
          for (const table of named) {
            if (notTables.has(table) || tableFunctions.test(table) || defined.has(table)) continue;
            const owner = ownerOf.get(table);
            if (!owner) context.report({ node, messageId: 'unknown', data: { table } });
            else if (owner !== own)
              context.report({ node, messageId: 'foreign', data: { table, owner, module: own } });
          }
        }
      },
    };
  },
};

export default {
  meta: { name: 'custody' },
  rules: { 'module-boundaries': moduleBoundaries, 'sql-ownership': sqlOwnership },
};
