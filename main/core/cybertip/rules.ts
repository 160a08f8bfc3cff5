// NCMEC's rules beyond the XSD (../shared/reference/ncmec/README.md), checked on an element tree parsed
// from XML or built from the model. Each violation names the element by path and says how to fix it.
// It never judges XSD validity (xsd.ts does) and never changes the tree.
import { childPaths, type XmlElementNode } from './xml-tree';

export type NcmecRule =
  | 'reporting-person-email'
  | 'incident-date-not-in-future'
  | 'url-without-whitespace'
  | 'classification-only-on-reported';

export interface RuleViolation {
  rule: NcmecRule;
  path: string;
  line?: number;
  message: string;
}

export interface RuleOptions {
  /** The moment "the future" starts; defaults to the current time. */
  now?: Date;
}

/** Elements whose text NCMEC treats as a URL. */
const URL_ELEMENTS = new Set(['url', 'profileUrl', 'legalURL']);
/** locationOfFile may be a path or a URL; it is checked as a URL when it starts with a scheme. */
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

interface Located {
  node: XmlElementNode;
  path: string;
}

function children(parent: Located, name: string): Located[] {
  const paths = childPaths(parent.path, parent.node.children);
  return parent.node.children.flatMap((node, i) =>
    node.name === name ? [{ node, path: paths[i] ?? `${parent.path}/${name}` }] : [],
  );
}

function firstChild(parent: Located | undefined, name: string): Located | undefined {
  return parent && children(parent, name)[0];
}

function violation(rule: NcmecRule, at: Located, message: string): RuleViolation {
  return { rule, path: at.path, ...(at.node.line === undefined ? {} : { line: at.node.line }), message };
}

/** Quoted for a message: whitespace and control characters visible, long values shortened. */
function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/** Milliseconds since the epoch of an xs:dateTime; without a time zone it is read as UTC. */
function parseXsdDateTime(value: string): number | undefined {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const utc = new Date(0);
  utc.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  utc.setUTCHours(Number(hour), Number(minute), Number(second), Math.floor(Number(fraction ?? 0) * 1000));
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return utc.getTime() - offsetMinutes * 60_000;
}

function reportingPersonEmail(report: Located): RuleViolation[] {
  const person = firstChild(firstChild(report, 'reporter'), 'reportingPerson');
  if (!person) return [];
  const emails = children(person, 'email');
  const given = emails.filter((email) => email.node.text.trim() !== '');
  if (given.length === 0) {
    return [
      violation(
        'reporting-person-email',
        person,
        'NCMEC requires an email address for the reporting person: add reporter/reportingPerson/email.',
      ),
    ];
  }
  return given
    .filter((email) => !/^[^\s@]+@[^\s@]+$/.test(email.node.text))
    .map((email) =>
      violation(
        'reporting-person-email',
        email,
        `${quote(email.node.text)} is not an email address NCMEC can use: give one like safety@example.com.`,
      ),
    );
}

function incidentDateNotInFuture(report: Located, now: Date): RuleViolation[] {
  const when = firstChild(firstChild(report, 'incidentSummary'), 'incidentDateTime');
  if (!when) return [];
  const instant = parseXsdDateTime(when.node.text);
  if (instant === undefined || instant <= now.getTime()) return [];
  return [
    violation(
      'incident-date-not-in-future',
      when,
      `incidentDateTime ${when.node.text.trim()} is in the future (it is now ${now.toISOString()}); ` +
        'NCMEC rejects it. Give when the incident happened, with its time zone.',
    ),
  ];
}

function urlsWithoutWhitespace(at: Located, found: RuleViolation[] = []): RuleViolation[] {
  const { name, text } = at.node;
  const isUrl = URL_ELEMENTS.has(name) || (name === 'locationOfFile' && URL_SCHEME.test(text.trim()));
  if (isUrl && /\s/u.test(text)) {
    found.push(
      violation(
        'url-without-whitespace',
        at,
        `The URL ${quote(text)} contains whitespace, which NCMEC rejects: ` +
          'remove spaces and line breaks around it and encode those inside it (a space is %20).',
      ),
    );
  }
  const paths = childPaths(at.path, at.node.children);
  at.node.children.forEach((node, i) => urlsWithoutWhitespace({ node, path: paths[i] ?? at.path }, found));
  return found;
}

function classificationOnlyOnReported(file: Located): RuleViolation[] {
  const relevance = firstChild(file, 'fileRelevance')?.node.text.trim();
  if (relevance === 'Reported') return [];
  const annotations = firstChild(file, 'fileAnnotations');
  const classifying = [
    ...children(file, 'industryClassification'),
    ...children(file, 'potentialMeme'),
    ...(annotations ? children(annotations, 'potentialMeme') : []),
  ];
  const current = relevance === undefined ? 'is not set' : `is ${quote(relevance)}`;
  return classifying.map((element) =>
    violation(
      'classification-only-on-reported',
      element,
      `NCMEC accepts ${element.node.name} only on files whose fileRelevance is Reported, and this file's ` +
        `${current}: set fileRelevance to Reported if the file is a reason for the report, or remove ` +
        `${element.node.name}.`,
    ),
  );
}

/** Every violation of NCMEC's documented rules in a `<report>` or `<fileDetails>` tree. */
export function checkNcmecRules(root: XmlElementNode, options: RuleOptions = {}): RuleViolation[] {
  const top: Located = { node: root, path: `/${root.name}` };
  const now = options.now ?? new Date();
  const found =
    root.name === 'report'
      ? [...reportingPersonEmail(top), ...incidentDateNotInFuture(top, now)]
      : root.name === 'fileDetails'
        ? classificationOnlyOnReported(top)
        : [];
  return [...found, ...urlsWithoutWhitespace(top)];
}
