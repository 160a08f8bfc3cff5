// `report validate` bounds attributes before libxml2 builds anything (security review, finding 18): the
// review's 9.8 MB attribute bomb is refused fast with a clear error, as are one huge value
// and values adding up past the total; "=" inside quoted values and comments is not counted.
import { describe, expect, it } from 'vitest';
import { validateCyberTipXml } from '../../main/core/cybertip/validate';
import {
  MAX_XML_ATTRIBUTE_CHARS,
  MAX_XML_ATTRIBUTE_TOTAL_CHARS,
  MAX_XML_ATTRIBUTES_PER_ELEMENT,
} from '../../main/core/cybertip/xsd';

const open =
  '<?xml version="1.0" encoding="UTF-8"?>\n<report xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

async function timed(xml: string) {
  const started = performance.now();
  const result = await validateCyberTipXml(xml);
  return { result, ms: performance.now() - started };
}

describe('attribute bounds in report validate', () => {
  it("refuses the review's 9.8 MB attribute bomb fast, naming the limit", async () => {
    const attributes = Array.from({ length: 820_000 }, (_, i) => ` a${i}="x"`).join('');
    const xml = `${open}${attributes}><incidentSummary/></report>\n`;
    expect(xml.length).toBeGreaterThan(9_500_000);
    await validateCyberTipXml('<report/>');
    const { result, ms } = await timed(xml);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toBe(
      `An element has more than ${MAX_XML_ATTRIBUTES_PER_ELEMENT} attributes; NCMEC's schema gives none more than a few.`,
    );
    expect(ms).toBeLessThan(1_000);
  });

  it('refuses one value over the limit, and values adding up past the total, on the line of their tag', async () => {
    const huge = `${open}>\n<incidentSummary a="${'x'.repeat(MAX_XML_ATTRIBUTE_CHARS + 1)}"/></report>\n`;
    const one = (await validateCyberTipXml(huge)).errors[0];
    expect(one).toMatchObject({ line: 3 });
    expect(one?.message).toMatch(/^An attribute value has 65537 characters; the limit is 65536\.$/);

    const value = 'y'.repeat(60_000);
    const many = Array.from({ length: 20 }, () => `<a b="${value}"/>`).join('\n');
    const total = (await validateCyberTipXml(`${open}>\n${many}</report>\n`)).errors[0];
    expect(total?.message).toBe(
      `The attribute values add up to more than ${MAX_XML_ATTRIBUTE_TOTAL_CHARS} characters; a CyberTipline report's are a few kB.`,
    );
  });

  it('counts only attributes: "=" and ">" inside quoted values and comments are not attributes', async () => {
    const quoted = Array.from({ length: MAX_XML_ATTRIBUTES_PER_ELEMENT }, (_, i) => ` a${i}="x=y>z"`).join(
      '',
    );
    const xml = `${open}><!-- a="1" b="2" --><x${quoted}/></report>\n`;
    const result = await validateCyberTipXml(xml);
    expect(result.errors.map((e) => e.message).join('\n')).not.toMatch(/attribute/);
  });
});
