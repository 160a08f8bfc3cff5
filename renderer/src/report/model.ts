// The report builder's model: its sections in the XSD's order, which fields the form edits, and the JSON
// editors that hold the rest of each section. Saving composes the draft the form edited with what the
// JSON editors hold; a JSON editor that does not parse, or names a field the XSD does not have there,
// stops the save with a message. Everything deeper is the core's to judge (completeness, on save).
import {
  estimatedLocationSchema,
  internetIncidentKinds,
  intendedRecipientSchema,
  lawEnforcementSchema,
  personOrUserReportedSchema,
  personSchema,
  reporterSchema,
  reportSchema,
  victimSchema,
} from '../../../shared/cybertip';
import { isObject, prune, stableJson, type Obj } from './draft';

export const reportSections = [
  { id: 'incidentSummary', title: 'Incident summary' },
  { id: 'internetDetails', title: 'Internet details' },
  { id: 'lawEnforcement', title: 'Law enforcement' },
  { id: 'reporter', title: 'Reporter' },
  { id: 'personOrUserReported', title: 'Reported person or user' },
  { id: 'intendedRecipient', title: 'Intended recipient' },
  { id: 'victim', title: 'Victim' },
  { id: 'additionalInfo', title: 'Additional information' },
  { id: 'files', title: 'Files' },
] as const;
export type SectionId = (typeof reportSections)[number]['id'];

/** The element path a section's problems start with. */
export function sectionPath(id: SectionId): string {
  return id === 'files' ? '/fileDetails' : `/report/${id}`;
}

/** What the form edits in an object: `true` for a whole field, a nested map for some fields of a child. */
export type Coverage = { readonly [key: string]: true | Coverage };

/** A JSON editor: the part of a section the form does not edit. */
export interface JsonEditorSpec {
  label: string;
  /** Where its problems point: the section's element path. */
  path: string;
  kind: 'object' | 'array';
  /** For object editors: the fields the XSD allows, and, for children the form edits in part, theirs. */
  keys?: readonly string[];
  nested?: Readonly<Record<string, readonly string[]>>;
  coverage?: Coverage;
  /** For array editors: checks one element and says what is wrong with it. */
  checkItem?: (item: unknown) => string | null;
  placeholder: string;
  hint: string;
}

const keysOf = (schema: { shape: object }) => Object.keys(schema.shape);

export const lawEnforcementCoverage: Coverage = { agencyName: true, caseNumber: true };
export const reporterCoverage: Coverage = {
  reportingPerson: { firstName: true, lastName: true, email: true, phone: true },
  termsOfService: true,
  legalURL: true,
};
export const reportedUserCoverage: Coverage = {
  screenName: true,
  espIdentifier: true,
  espService: true,
  displayName: true,
  profileUrl: true,
  personOrUserReportedPerson: { firstName: true, lastName: true, email: true },
  ipCaptureEvent: true,
  deviceId: true,
  estimatedLocation: { city: true, region: true, countryCode: true },
};
/** Report-level fields with no section of their own. */
const otherReportKeys = keysOf(reportSchema).filter(
  (key) => !reportSections.some((section) => section.id === key),
);

function checkKeys(item: unknown, allowed: readonly string[], what: string): string | null {
  if (!isObject(item)) return `Each ${what} is a JSON object ({ … }).`;
  const unknown = Object.keys(item).filter((key) => !allowed.includes(key));
  return unknown.length === 0
    ? null
    : `${unknown.map((key) => `"${key}"`).join(', ')} is not a field of ${what}. Its fields: ${allowed.join(', ')}.`;
}

export const jsonEditors = {
  internetDetails: {
    label: 'Internet details (JSON)',
    path: '/report/internetDetails',
    kind: 'array',
    checkItem: (item) => {
      if (!isObject(item)) return 'Each internet detail is a JSON object ({ "webPageIncident": { … } }).';
      const kinds = Object.keys(item);
      return kinds.length === 1 && internetIncidentKinds.some((kind) => kind === kinds[0])
        ? null
        : `Each internet detail holds exactly one of ${internetIncidentKinds.join(', ')}.`;
    },
    placeholder: '[{ "webPageIncident": { "url": ["https://…"] } }]',
    hint: 'A list; each entry holds exactly one kind of incident: where it happened, with its URLs, rooms or addresses.',
  },
  lawEnforcement: {
    label: 'Other law enforcement fields (JSON)',
    path: '/report/lawEnforcement',
    kind: 'object',
    keys: keysOf(lawEnforcementSchema),
    coverage: lawEnforcementCoverage,
    placeholder: '{ "reportedToLe": true, "officerContact": { "lastName": "…" } }',
    hint: 'officerContact, reportedToLe, servedLegalProcessDomestic, servedLegalProcessInternational.',
  },
  reporter: {
    label: 'Other reporter fields (JSON)',
    path: '/report/reporter',
    kind: 'object',
    keys: keysOf(reporterSchema),
    nested: { reportingPerson: keysOf(personSchema) },
    coverage: reporterCoverage,
    placeholder: '{ "contactPerson": { "firstName": "…", "email": [{ "value": "…" }] } }',
    hint: 'contactPerson, companyTemplate, and the reporting person’s address, age or date of birth.',
  },
  reportedUser: {
    label: 'Other fields of this user (JSON)',
    path: '/report/personOrUserReported',
    kind: 'object',
    keys: keysOf(personOrUserReportedSchema),
    nested: {
      personOrUserReportedPerson: keysOf(personSchema),
      estimatedLocation: keysOf(estimatedLocationSchema),
    },
    coverage: reportedUserCoverage,
    placeholder: '{ "accountPermanentlyDisabled": { "value": true } }',
    hint: 'Account status, associated accounts, prior reports, profile bio, and the person’s phone or address.',
  },
  intendedRecipient: {
    label: 'Intended recipients (JSON)',
    path: '/report/intendedRecipient',
    kind: 'array',
    checkItem: (item) => checkKeys(item, keysOf(intendedRecipientSchema), 'intendedRecipient'),
    placeholder: '[{ "screenName": "…", "espIdentifier": "…" }]',
    hint: 'A list of the people or accounts the content was sent to, if any.',
  },
  victim: {
    label: 'Victims (JSON)',
    path: '/report/victim',
    kind: 'array',
    checkItem: (item) => checkKeys(item, keysOf(victimSchema), 'victim'),
    placeholder: '[{ "victimPerson": {}, "screenName": "…" }]',
    hint: 'A list; each victim needs a victimPerson record (it may be empty: {}).',
  },
  other: {
    label: 'Other report fields (JSON)',
    path: '/report',
    kind: 'object',
    keys: otherReportKeys,
    placeholder: '{ "batchedReport": { "reason": "VIRAL_POTENTIAL_MEME" } }',
    hint: `Report-level fields with no section above: ${otherReportKeys.join(', ')}.`,
  },
} satisfies Record<string, JsonEditorSpec>;

let userKeyCounter = 0;
/** A key for a reported user's card and JSON editor, unique in this page. */
export function newUserKey(): string {
  return `u${++userKeyCounter}`;
}

/** The JSON editor of reported user `key` (users keep their key while others are added or removed). */
export const userEditorId = (key: string) => `user:${key}`;

/** `value` without the fields the coverage says the form edits; children left empty are dropped. */
export function omitCovered(value: unknown, coverage: Coverage): Obj {
  if (!isObject(value)) return {};
  const out: Obj = { ...value };
  for (const [key, covered] of Object.entries(coverage)) {
    if (covered === true) delete out[key];
    else if (isObject(out[key])) {
      const rest = omitCovered(out[key], covered);
      if (Object.keys(rest).length === 0) delete out[key];
      else out[key] = rest;
    }
  }
  return out;
}

/** The JSON editor's part with the form's fields laid over it. */
export function mergeCovered(rest: Obj, form: unknown, coverage: Coverage): Obj {
  const out: Obj = { ...rest };
  const source = isObject(form) ? form : {};
  for (const [key, covered] of Object.entries(coverage)) {
    if (covered === true) {
      if (source[key] === undefined) delete out[key];
      else out[key] = source[key];
    } else {
      const merged = mergeCovered(isObject(out[key]) ? out[key] : {}, source[key], covered);
      if (Object.keys(merged).length === 0) delete out[key];
      else out[key] = merged;
    }
  }
  return out;
}

export function jsonText(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value) && value.length === 0) return '';
  if (isObject(value) && Object.keys(value).length === 0) return '';
  return JSON.stringify(value, null, 2);
}

/** The text a JSON editor starts with for a report. */
export function initialJson(report: Obj, userKeys: readonly string[]): Record<string, string> {
  const users = Array.isArray(report.personOrUserReported) ? report.personOrUserReported : [];
  const other = Object.fromEntries(
    Object.entries(report).filter(([key]) => !reportSections.some((section) => section.id === key)),
  );
  return {
    internetDetails: jsonText(report.internetDetails),
    lawEnforcement: jsonText(omitCovered(report.lawEnforcement, lawEnforcementCoverage)),
    reporter: jsonText(omitCovered(report.reporter, reporterCoverage)),
    intendedRecipient: jsonText(report.intendedRecipient),
    victim: jsonText(report.victim),
    other: jsonText(other),
    ...Object.fromEntries(
      userKeys.map((key, i) => [userEditorId(key), jsonText(omitCovered(users[i], reportedUserCoverage))]),
    ),
  };
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses and checks one JSON editor's text against its spec; blank text means "nothing here". */
export function parseJsonEditor(text: string, spec: JsonEditorSpec): Parsed {
  if (text.trim() === '') return { ok: true, value: spec.kind === 'array' ? [] : {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (spec.kind === 'array') {
    if (!Array.isArray(value)) return { ok: false, message: 'Give a JSON list: [ … ].' };
    for (const [i, item] of value.entries()) {
      const problem = spec.checkItem?.(item);
      if (problem) return { ok: false, message: `Entry ${i + 1}: ${problem}` };
    }
    return { ok: true, value };
  }
  if (!isObject(value)) return { ok: false, message: 'Give a JSON object: { … }.' };
  const coverage = spec.coverage ?? {};
  const formFields = Object.keys(value).filter((key) => coverage[key] === true);
  if (formFields.length > 0) {
    return {
      ok: false,
      message: `${formFields.join(', ')} ${formFields.length === 1 ? 'is' : 'are'} edited in the form above; remove ${formFields.length === 1 ? 'it' : 'them'} here.`,
    };
  }
  const unknown = Object.keys(value).filter((key) => !(spec.keys ?? []).includes(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `${unknown.map((key) => `"${key}"`).join(', ')} is not a field here. Fields: ${(spec.keys ?? []).filter((key) => coverage[key] !== true).join(', ')}.`,
    };
  }
  for (const [key, allowed] of Object.entries(spec.nested ?? {})) {
    const child = value[key];
    if (child === undefined) continue;
    if (!isObject(child)) return { ok: false, message: `${key} is a JSON object ({ … }).` };
    const nestedCoverage = coverage[key];
    const edited = nestedCoverage && nestedCoverage !== true ? nestedCoverage : {};
    const wrong = Object.keys(child).filter((name) => !allowed.includes(name) || edited[name] === true);
    if (wrong.length > 0) {
      return {
        ok: false,
        message: `${key}: ${wrong.map((name) => `"${name}"`).join(', ')} cannot be given here (the form edits ${Object.keys(edited).join(', ')}; the others are ${allowed.filter((name) => edited[name] !== true).join(', ')}).`,
      };
    }
  }
  return { ok: true, value };
}

/** What the builder edits for one case. */
export interface ReportEdit {
  draft: Obj;
  json: Record<string, string>;
  /** One stable key per reported user, in order. */
  userKeys: readonly string[];
}

export interface JsonProblem {
  editor: string;
  label: string;
  message: string;
}

export type Composed = { ok: true; report: Obj } | { ok: false; problems: JsonProblem[] };

/** The report to save: the form's draft and the JSON editors together, blank fields dropped. */
export function composeReport(edit: ReportEdit): Composed {
  const problems: JsonProblem[] = [];
  const parse = (editor: string, spec: JsonEditorSpec, label = spec.label): unknown => {
    const parsed = parseJsonEditor(edit.json[editor] ?? '', spec);
    if (parsed.ok) return parsed.value;
    problems.push({ editor, label, message: parsed.message });
    return undefined;
  };
  const { draft } = edit;
  const users = Array.isArray(draft.personOrUserReported) ? draft.personOrUserReported : [];
  const report: Obj = {
    ...(parse('other', jsonEditors.other) as Obj | undefined),
    incidentSummary: draft.incidentSummary,
    internetDetails: parse('internetDetails', jsonEditors.internetDetails),
    lawEnforcement: mergeCovered(
      (parse('lawEnforcement', jsonEditors.lawEnforcement) as Obj | undefined) ?? {},
      draft.lawEnforcement,
      lawEnforcementCoverage,
    ),
    reporter: mergeCovered(
      (parse('reporter', jsonEditors.reporter) as Obj | undefined) ?? {},
      draft.reporter,
      reporterCoverage,
    ),
    personOrUserReported: users.map((user, i) =>
      mergeCovered(
        (parse(
          userEditorId(edit.userKeys[i] ?? String(i)),
          jsonEditors.reportedUser,
          `Reported user ${i + 1}: ${jsonEditors.reportedUser.label}`,
        ) as Obj | undefined) ?? {},
        user,
        reportedUserCoverage,
      ),
    ),
    intendedRecipient: parse('intendedRecipient', jsonEditors.intendedRecipient),
    victim: parse('victim', jsonEditors.victim),
    additionalInfo: draft.additionalInfo,
  };
  if (problems.length > 0) return { ok: false, problems };
  const out: Obj = {};
  for (const [key, value] of Object.entries(report)) {
    const kept = prune(value);
    const empty =
      kept === undefined ||
      (Array.isArray(kept) && kept.length === 0) ||
      (isObject(kept) && Object.keys(kept).length === 0);
    if (!empty) out[key] = kept;
  }
  return { ok: true, report: out };
}

/** An edit of a report as the core answered it; reported users keep `keys` when there are as many. */
export function editOf(report: Obj, keys: readonly string[] = []): ReportEdit {
  const users = Array.isArray(report.personOrUserReported) ? report.personOrUserReported : [];
  const userKeys = keys.length === users.length ? [...keys] : users.map(() => newUserKey());
  return { draft: report, json: initialJson(report, userKeys), userKeys };
}

/** A composed report in a form that compares equal whatever order its keys were written in. */
export function fingerprint(edit: ReportEdit): string | null {
  const composed = composeReport(edit);
  return composed.ok ? stableJson(composed.report) : null;
}
