// The retention policy file: the documented example parses; a repeated rule id, a rule counting unreported
// material from a report, and a document of another format are refused with a message naming the fault.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../main/core/preservation';

const example = readFileSync('docs/retention-policy.example.json', 'utf8');

describe('retention policy file', () => {
  it('reads the documented example', () => {
    const policy = parsePolicy(example);
    expect(policy.jurisdictions).toEqual(['US', 'UK']);
    expect(policy.rules.map((r) => r.id)).toEqual(['org-unreported-90d', 'uk-reported-2y', 'eu-all-6m']);
  });

  it('refuses what cannot be a policy, naming why', () => {
    const json = JSON.parse(example) as { rules: Array<Record<string, unknown>>; format: string };
    expect(() => parsePolicy(JSON.stringify({ ...json, rules: [json.rules[0], json.rules[0]] }))).toThrow(
      /rule id "org-unreported-90d" appears twice/,
    );
    expect(() =>
      parsePolicy(JSON.stringify({ ...json, rules: [{ ...json.rules[0], from: 'report-finished' }] })),
    ).toThrow(/counts from a report it cannot have/);
    expect(() => parsePolicy(JSON.stringify({ ...json, format: 'other/1' }))).toThrow(/format/);
    expect(() => parsePolicy('{')).toThrow(/not JSON/);
  });
});
