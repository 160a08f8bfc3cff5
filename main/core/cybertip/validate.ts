// The one check a CyberTipline document passes before it leaves the workstation: well-formed, the kind
// Custody submits (<report> or <fileDetails>), valid against NCMEC's XSD, and within NCMEC's further rules.
// Bad or hostile input always comes back as errors; it never throws and never passes as another kind.
import { checkNcmecRules, type NcmecRule, type RuleOptions } from './rules';
import { loadXsd, readBundledXsd, type XmlIssue, type XsdSchema } from './xsd';
import type { XmlElementNode } from './xml-tree';

export type CyberTipKind = 'report' | 'fileDetails' | 'unknown';

export interface CyberTipError {
  /** XPath-like path of the element at fault, e.g. /fileDetails/ipCaptureEvent[2]; `/` for the document. */
  path: string;
  line?: number;
  message: string;
  /** parse: not well-formed, refused, or not a submission; xsd: against the schema; rule: NCMEC's rules. */
  source: 'xsd' | 'rule' | 'parse';
  /** Which of NCMEC's rules, for errors whose source is `rule`. */
  rule?: NcmecRule;
}

export interface CyberTipValidation {
  kind: CyberTipKind;
  /** Empty exactly when the document may be sent to NCMEC. */
  errors: CyberTipError[];
}

export interface CyberTipValidator {
  validate(xml: string, options?: RuleOptions): CyberTipValidation;
}

const RESPONSES = new Set(['reportResponse', 'reportDoneResponse']);

function shortName(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}...` : name;
}

function withSource(issues: readonly XmlIssue[], source: 'xsd' | 'parse'): CyberTipError[] {
  return issues.map((issue) => ({ ...issue, source }));
}

/** The kind of document, or why it is not one Custody submits. */
function kindOf(root: XmlElementNode, namespace: string): { kind: CyberTipKind; refusal?: string } {
  const name = shortName(root.name);
  if (namespace !== '') {
    return {
      kind: 'unknown',
      refusal:
        `<${name}> is in the namespace "${shortName(namespace)}", but NCMEC's elements have no namespace: ` +
        'remove the xmlns declaration.',
    };
  }
  if (root.name === 'report' || root.name === 'fileDetails') return { kind: root.name };
  if (RESPONSES.has(root.name)) {
    return {
      kind: 'unknown',
      refusal: `<${name}> is an answer from NCMEC, not a submission: only <report> and <fileDetails> are validated.`,
    };
  }
  return {
    kind: 'unknown',
    refusal: `The root element is <${name}>; a CyberTipline submission is a <report> or a <fileDetails>.`,
  };
}

function byLine(a: CyberTipError, b: CyberTipError): number {
  return (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
}

function validateWith(schema: XsdSchema, xml: string, options: RuleOptions): CyberTipValidation {
  try {
    if (typeof xml !== 'string') {
      return {
        kind: 'unknown',
        errors: [{ path: '/', message: 'The document is not text.', source: 'parse' }],
      };
    }
    const checked = schema.check(xml);
    if (!checked.wellFormed) return { kind: 'unknown', errors: withSource(checked.errors, 'parse') };
    const { kind, refusal } = kindOf(checked.root, checked.rootNamespace);
    if (refusal !== undefined) {
      const line = checked.root.line;
      return {
        kind,
        errors: [{ path: '/', ...(line === undefined ? {} : { line }), message: refusal, source: 'parse' }],
      };
    }
    const errors = [
      ...withSource(checked.xsdErrors, 'xsd'),
      ...checkNcmecRules(checked.root, options).map((violation) => ({
        ...violation,
        source: 'rule' as const,
      })),
    ];
    return { kind, errors: errors.sort(byLine) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      kind: 'unknown',
      errors: [{ path: '/', message: `The document could not be checked: ${detail}`, source: 'parse' }],
    };
  }
}

/** A validator for NCMEC's schema: the bundled one, or `xsd` (a newer schema fetched from NCMEC). */
export async function loadCyberTipValidator(options: { xsd?: string } = {}): Promise<CyberTipValidator> {
  const schema = await loadXsd(options.xsd ?? (await readBundledXsd()));
  return { validate: (xml, ruleOptions = {}) => validateWith(schema, xml, ruleOptions) };
}

let bundled: Promise<CyberTipValidator> | undefined;

/**
 * Validates a `<report>` or `<fileDetails>` against the bundled XSD and NCMEC's rules. Rejects only when the
 * bundled schema itself is missing or broken (an installation problem), never because of `xml`.
 */
export async function validateCyberTipXml(
  xml: string,
  options: RuleOptions = {},
): Promise<CyberTipValidation> {
  bundled ??= loadCyberTipValidator().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return (await bundled).validate(xml, options);
}
