// Strict readers for the text formats Custody reads from outside (hash-bank files, NCMEC's answers): JSON
// and XML, streaming or whole, with one syntax error. Neutral: it knows no bank, report or vault.
export { JsonReader, type JsonEvent, type JsonScalar } from './json';
export { FormatSyntaxError } from './syntax';
export {
  indexOfNonXmlCharacter,
  isXmlCodePoint,
  XmlDoctypeError,
  XmlReader,
  type XmlEvent,
  type XmlReaderOptions,
} from './xml';
export {
  readXmlDocument,
  type XmlDocument,
  type XmlDocumentLimits,
  type XmlElementNode,
} from './xml-document';
