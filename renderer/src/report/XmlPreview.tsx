// report.xml as the export would write it, from the last saved report (the core prints it in schema
// order, leaving out empty optional elements). It can take more of the width to be read.
import { useCases } from './store';

export const xmlPreviewId = 'report-xml-preview';

export function XmlPreview({ xml, dirty }: { xml: string; dirty: boolean }) {
  const wide = useCases((s) => s.xmlWide);
  const setWide = useCases((s) => s.setXmlWide);
  return (
    <section className="report-panel" aria-label="XML preview">
      <header className="panel-heading-row">
        <h3>
          report.xml preview <kbd>Alt+0</kbd>
        </h3>
        <button type="button" className="small" aria-pressed={wide} onClick={() => setWide(!wide)}>
          Wide view
        </button>
      </header>
      <p className="hint">
        {dirty
          ? 'From the last save: save (Ctrl+S) to see your changes here.'
          : 'As the export writes it; checked against NCMEC’s XSD on export.'}
      </p>
      <pre className="xml-preview" id={xmlPreviewId} tabIndex={0} aria-label="report.xml">
        {xml}
      </pre>
    </section>
  );
}
