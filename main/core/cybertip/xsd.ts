// Parses XML and validates it against NCMEC's XSD in-process with libxml2 compiled to WebAssembly
// (libxml2-wasm: no native code, no network, no file access from inside the parser). It refuses DTDs and
// oversized input before parsing, and never loads anything a document points at.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Libxml2 from 'libxml2-wasm';
import { CustodyError, InvalidInputError } from '../errors';
import type { XmlElementNode } from './xml-tree';

/**
 * Largest document accepted, in UTF-16 code units. A report is normally a few kB; 10 Mi leaves room for
 * long chat logs in `content` while keeping libxml2's WebAssembly heap small.
 */
export const MAX_XML_CHARS = 10 * 1024 * 1024;
/**
 * Most tags (`<`) accepted. A report has a few hundred elements; walking each costs about a microsecond, so
 * this bounds the time and memory a crafted document of many tiny elements can take.
 */
export const MAX_XML_TAGS = 100_000;
/**
 * Attribute bounds, checked in one pass before libxml2 builds anything: NCMEC's schema gives an element at
 * most a few attributes (hashType, timestamp, disabledDate…) of a few dozen characters, plus namespace
 * declarations. Without them a 10 MB document of 900,000 attributes cost 8 s and 943 MB in libxml2.
 */
export const MAX_XML_ATTRIBUTES_PER_ELEMENT = 32;
export const MAX_XML_ATTRIBUTE_CHARS = 64 * 1024;
export const MAX_XML_ATTRIBUTE_TOTAL_CHARS = 1024 * 1024;
/** At most this many schema errors are listed; a document with more is summarised by the last line. */
export const MAX_XSD_ERRORS = 100;

export interface XmlIssue {
  /** An XPath-like element path, e.g. /report/incidentSummary/incidentDateTime; `/` for the document. */
  path: string;
  line?: number;
  message: string;
}

export type XmlCheck =
  | { wellFormed: false; errors: XmlIssue[] }
  | { wellFormed: true; root: XmlElementNode; rootNamespace: string; xsdErrors: XmlIssue[] };

export interface XsdSchema {
  /** Parses `xml` (never throws for bad input) and, if it is well-formed, validates it against the schema. */
  check(xml: string): XmlCheck;
}

/** The bundled schema file is missing: the installation is incomplete. */
export class XsdUnavailableError extends CustodyError {
  constructor(looked: readonly string[]) {
    super(
      'NOT_FOUND',
      `NCMEC's schema (cyber_tipline.xsd) is missing; looked in ${looked.join(', ')}. ` +
        'Reinstall Custody, or load a schema file explicitly.',
    );
  }
}

/** A schema text that libxml2 cannot compile (for example a truncated download of a newer XSD). */
export class XsdInvalidError extends InvalidInputError {
  constructor(detail: string) {
    super(`This XSD cannot be used to validate reports: ${detail}. Keep using the previous schema.`);
  }
}

let libxml2: Promise<typeof Libxml2> | undefined;

/**
 * libxml2-wasm is an ES module with top-level await: CommonJS bundles (the CLI, Electron's main) can only
 * import() it, so esbuild must leave it external. Loading it lazily also keeps other commands fast.
 */
function loadLibxml2(): Promise<typeof Libxml2> {
  libxml2 ??= import('libxml2-wasm');
  return libxml2;
}

function thisModuleFile(): string {
  // An esbuild CJS bundle defines __filename (import.meta is empty there); ESM has import.meta.url.
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/**
 * Where the bundled XSD may be: in a packaged app, beside its resources (electron-builder's extraResources);
 * otherwise in `resources/ncmec` at the project root, two levels above a bundle in dist/<target>/ and three
 * above this source file. Only those places: a schema that happens to lie elsewhere is never picked up.
 */
function bundledXsdCandidates(): string[] {
  const candidates: string[] = [];
  const resourcesPath = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resourcesPath === 'string') candidates.push(join(resourcesPath, 'ncmec', 'cyber_tipline.xsd'));
  const here = dirname(thisModuleFile());
  for (const up of ['../..', '../../..']) {
    candidates.push(join(here, up, 'resources', 'ncmec', 'cyber_tipline.xsd'));
  }
  return candidates;
}

/** The text of the XSD shipped with Custody. */
export async function readBundledXsd(): Promise<string> {
  const candidates = bundledXsdCandidates();
  for (const candidate of candidates) {
    const text = await readFile(candidate, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
  }
  throw new XsdUnavailableError(candidates);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** One line of at most 500 characters, with nothing that could drive a terminal. */
function oneLine(message: string): string {
  const line = message.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

/** What is refused before libxml2 sees the text: oversized input, DTDs (and so entities), other encodings. */
function refuseBeforeParsing(xml: string): XmlIssue | undefined {
  if (xml.length > MAX_XML_CHARS) {
    return {
      path: '/',
      message:
        `The document has ${xml.length} characters; the limit is ${MAX_XML_CHARS}. ` +
        'Move long text (logs, transcripts) into uploaded files.',
    };
  }
  let tags = 0;
  for (let at = xml.indexOf('<'); at !== -1; at = xml.indexOf('<', at + 1)) {
    if (++tags > MAX_XML_TAGS) {
      return {
        path: '/',
        line: lineOf(xml, at),
        message: `The document has more than ${MAX_XML_TAGS} tags; a CyberTipline report has a few hundred.`,
      };
    }
  }
  const attributes = refuseAttributeBombs(xml);
  if (attributes) return attributes;
  const dtd = /<!(DOCTYPE|ENTITY)/.exec(xml);
  if (dtd) {
    return {
      path: '/',
      line: lineOf(xml, dtd.index),
      message:
        `The document contains <!${dtd[1]}: DTDs and entity declarations are refused ` +
        "(they can expand without bound or read files). NCMEC's format needs neither: remove it.",
    };
  }
  const declared = /^\uFEFF?<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(xml)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    return {
      path: '/',
      line: 1,
      message: `The XML declaration says encoding="${oneLine(declared).slice(0, 40)}"; reports are sent as UTF-8: declare encoding="UTF-8".`,
    };
  }
  return undefined;
}

/**
 * Counts the attributes of every start tag (each `=` outside a quoted value) and measures their values,
 * in one linear pass. Markup inside comments or CDATA may be counted too: that only errs on the safe side.
 */
function refuseAttributeBombs(xml: string): XmlIssue | undefined {
  let totalChars = 0;
  for (let at = xml.indexOf('<'); at !== -1;) {
    const next = xml.charCodeAt(at + 1);
    // `<!…`, `<?…` and `</…` carry no attributes.
    if (next === 0x21 || next === 0x3f || next === 0x2f) {
      at = xml.indexOf('<', at + 1);
      continue;
    }
    let count = 0;
    let quote = 0;
    let valueStart = 0;
    let i = at + 1;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (quote !== 0) {
        if (c !== quote) continue;
        quote = 0;
        const length = i - valueStart;
        totalChars += length;
        if (length > MAX_XML_ATTRIBUTE_CHARS) {
          return {
            path: '/',
            line: lineOf(xml, at),
            message: `An attribute value has ${length} characters; the limit is ${MAX_XML_ATTRIBUTE_CHARS}.`,
          };
        }
        if (totalChars > MAX_XML_ATTRIBUTE_TOTAL_CHARS) {
          return {
            path: '/',
            line: lineOf(xml, at),
            message: `The attribute values add up to more than ${MAX_XML_ATTRIBUTE_TOTAL_CHARS} characters; a CyberTipline report's are a few kB.`,
          };
        }
      } else if (c === 0x22 || c === 0x27) {
        quote = c;
        valueStart = i + 1;
      } else if (c === 0x3d && ++count > MAX_XML_ATTRIBUTES_PER_ELEMENT) {
        return {
          path: '/',
          line: lineOf(xml, at),
          message: `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes; NCMEC's schema gives none more than a few.`,
        };
      } else if (c === 0x3e || c === 0x3c) {
        break;
      }
    }
    // i is at the tag's `>`, at a `<` that opens the next tag, or past the end.
    at = xml.indexOf('<', i);
  }
  return undefined;
}

function toTree(lib: typeof Libxml2, element: Libxml2.XmlElement): XmlElementNode {
  const attributes: Record<string, string> = {};
  for (const attribute of element.attrs) {
    attributes[attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name] = attribute.value;
  }
  const node: XmlElementNode = {
    name: element.prefix ? `${element.prefix}:${element.name}` : element.name,
    attributes,
    children: [],
    text: '',
    line: element.line,
  };
  let text = '';
  for (let child = element.firstChild; child; child = child.next) {
    if (child instanceof lib.XmlElement) node.children.push(toTree(lib, child));
    else if (child instanceof lib.XmlText || child instanceof lib.XmlCData) text += child.content;
  }
  if (node.children.length === 0) node.text = text;
  return node;
}

function issuesOf(details: readonly Libxml2.ErrorDetail[] | undefined, fallback: string): XmlIssue[] {
  if (!details || details.length === 0) return [{ path: '/', message: oneLine(fallback) }];
  return details.map((detail) => ({
    path: detail.xpath ?? '/',
    ...(detail.line > 0 ? { line: detail.line } : {}),
    message: oneLine(detail.message),
  }));
}

function capped(issues: XmlIssue[]): XmlIssue[] {
  if (issues.length <= MAX_XSD_ERRORS) return issues;
  const shown = issues.slice(0, MAX_XSD_ERRORS - 1);
  return [...shown, { path: '/', message: `... and ${issues.length - shown.length} more schema errors.` }];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Compiles an XSD (the bundled one, or a newer one fetched from NCMEC) into a reusable validator. */
export async function loadXsd(xsdText: string): Promise<XsdSchema> {
  const lib = await loadLibxml2();
  const parseOptions = {
    option:
      lib.ParseOption.XML_PARSE_NONET |
      lib.ParseOption.XML_PARSE_NO_XXE |
      lib.ParseOption.XML_PARSE_BIG_LINES,
  };
  const refused = refuseBeforeParsing(xsdText);
  if (refused) throw new XsdInvalidError(refused.message);
  let schemaDoc: Libxml2.XmlDocument | undefined;
  let validator: Libxml2.XsdValidator;
  try {
    // The schema document stays alive with the validator: compiled schemas may point into it.
    schemaDoc = lib.XmlDocument.fromString(xsdText, parseOptions);
    validator = lib.XsdValidator.fromDoc(schemaDoc);
  } catch (error) {
    schemaDoc?.dispose();
    const details = error instanceof lib.XmlLibError ? error.details : undefined;
    throw new XsdInvalidError(issuesOf(details, messageOf(error))[0]?.message ?? messageOf(error));
  }

  return {
    check(xml) {
      const refusedInput = refuseBeforeParsing(xml);
      if (refusedInput) return { wellFormed: false, errors: [refusedInput] };
      let doc: Libxml2.XmlDocument;
      try {
        doc = lib.XmlDocument.fromString(xml, parseOptions);
      } catch (error) {
        const details = error instanceof lib.XmlLibError ? error.details : undefined;
        return { wellFormed: false, errors: issuesOf(details, messageOf(error)) };
      }
      try {
        let xsdErrors: XmlIssue[] = [];
        try {
          validator.validate(doc);
        } catch (error) {
          const details = error instanceof lib.XmlLibError ? error.details : undefined;
          xsdErrors = capped(issuesOf(details, messageOf(error)));
        }
        return {
          wellFormed: true,
          root: toTree(lib, doc.root),
          rootNamespace: doc.root.namespaceUri,
          xsdErrors,
        };
      } finally {
        doc.dispose();
      }
    },
  };
}
