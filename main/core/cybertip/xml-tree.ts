// The element tree CyberTipline XML is built as (also what the rules and the completeness check walk): how
// elements are made (empty optionals omitted) and printed (UTF-8, two-space indentation, text exactly as
// given, escaped). It never changes what a field says: text XML cannot carry is refused, not cleaned.
import { InvalidInputError } from '../errors';
import { indexOfNonXmlCharacter, type XmlElementNode } from '../format';

export type { XmlElementNode };

/** Text of /report/... that XML 1.0 cannot represent (a control character, a lone surrogate). */
export class XmlCharacterError extends InvalidInputError {
  constructor(
    readonly path: string,
    codePoint: number,
  ) {
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    super(
      `${path} contains the character U+${hex}, which XML cannot carry. Remove it from that field; ` +
        'nothing was exported.',
      [{ path, message: `contains U+${hex}` }],
    );
  }
}

/** Paths of an element's children as libxml2 writes them: `name`, or `name[i]` when the name repeats. */
export function childPaths(parentPath: string, children: readonly XmlElementNode[]): string[] {
  const counts = new Map<string, number>();
  for (const child of children) counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return children.map((child) => {
    const index = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, index);
    return (counts.get(child.name) ?? 0) > 1
      ? `${parentPath}/${child.name}[${index}]`
      : `${parentPath}/${child.name}`;
  });
}

// ---- Building ----

export type Value = string | number | boolean | undefined;
export type Child = XmlElementNode | undefined | Child[];

function format(value: Value): string | undefined {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

function formatAttributes(attributes: Record<string, Value>): Record<string, string> {
  const formatted: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const text = format(value);
    if (text !== undefined) formatted[name] = text;
  }
  return formatted;
}

export function flatten(children: readonly Child[], into: XmlElementNode[] = []): XmlElementNode[] {
  for (const child of children) {
    if (child === undefined) continue;
    if (Array.isArray(child)) flatten(child, into);
    else into.push(child);
  }
  return into;
}

/** A text element, omitted when its value is missing or empty. */
export function leaf(
  name: string,
  value: Value,
  attributes: Record<string, Value> = {},
): XmlElementNode | undefined {
  const text = format(value);
  if (text === undefined) return undefined;
  return { name, attributes: formatAttributes(attributes), children: [], text };
}

/** A text element the XSD requires even when empty (a name/value pair's value may be ""). */
export function requiredLeaf(name: string, value: string | undefined): XmlElementNode | undefined {
  return value === undefined ? undefined : { name, attributes: {}, children: [], text: value };
}

/** A fixed="true" annotation flag: present only when true. */
export function flag(name: string, value: boolean | undefined): XmlElementNode | undefined {
  return value === true ? leaf(name, true) : undefined;
}

/** An element with children; omitted when empty unless the XSD requires it (`required`). */
export function element(
  name: string,
  attributes: Record<string, Value>,
  children: readonly Child[],
  required = false,
): XmlElementNode | undefined {
  const node = { name, attributes: formatAttributes(attributes), children: flatten(children), text: '' };
  if (!required && node.children.length === 0 && Object.keys(node.attributes).length === 0) return undefined;
  return node;
}

export function each<T>(items: readonly T[] | undefined, build: (item: T) => Child): Child[] {
  return (items ?? []).map(build);
}

export function texts(name: string, values: readonly (string | number)[] | undefined): Child[] {
  return each(values, (value) => leaf(name, value));
}

// ---- Printing ----

function checkCharacters(value: string, path: string): void {
  const bad = indexOfNonXmlCharacter(value);
  if (bad >= 0) throw new XmlCharacterError(path, value.codePointAt(bad) ?? 0);
}

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attributeEscapes: Record<string, string> = {
  ...textEscapes,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

function escapeText(value: string, path: string): string {
  checkCharacters(value, path);
  return value.replace(/[&<>\r]/g, (c) => textEscapes[c] ?? c);
}

function escapeAttribute(value: string, path: string): string {
  checkCharacters(value, path);
  return value.replace(/[&<>"\t\n\r]/g, (c) => attributeEscapes[c] ?? c);
}

function printElement(node: XmlElementNode, path: string, indent: string, out: string[]): void {
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value, `${path}/@${name}`)}"`)
    .join('');
  if (node.children.length > 0) {
    out.push(`${indent}<${node.name}${attributes}>`);
    const paths = childPaths(path, node.children);
    node.children.forEach((child, i) => printElement(child, paths[i] ?? path, `${indent}  `, out));
    out.push(`${indent}</${node.name}>`);
  } else if (node.text !== '') {
    out.push(`${indent}<${node.name}${attributes}>${escapeText(node.text, path)}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attributes}/>`);
  }
}

/** The document: UTF-8 declaration, two-space indentation, text exactly as given. */
export function printXml(root: XmlElementNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  printElement(root, `/${root.name}`, '', out);
  return `${out.join('\n')}\n`;
}
