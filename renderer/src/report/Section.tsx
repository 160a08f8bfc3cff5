// One section of the report builder: a named region with its jump key, and the core's blocking problems
// in it that no field below shows (a missing section, a rule about the section as a whole).
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { reportSections, sectionPath, type SectionId } from './model';
import { useOpenEditor } from './store';

export function sectionKey(id: SectionId): string {
  return `Alt+${reportSections.findIndex((section) => section.id === id) + 1}`;
}

export function sectionElementId(id: SectionId): string {
  return `report-section-${id}`;
}

/** Whether an element path lies in a section (itself or below it, with or without an index). */
export function inSection(path: string, id: SectionId): boolean {
  const base = sectionPath(id);
  return path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}[`);
}

export function Section({
  id,
  title,
  intro,
  children,
}: {
  id: SectionId;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  const editor = useOpenEditor();
  const box = useRef<HTMLElement>(null);
  const [fieldPaths, setFieldPaths] = useState<ReadonlySet<string>>(new Set());
  const issues = (editor?.view.completeness.blocking ?? []).filter(
    (issue) => issue.file === undefined && inSection(issue.path, id),
  );
  const draft = editor?.draft;
  // Which element paths have an input here: they change only with the draft (rows come and go).
  useLayoutEffect(() => {
    const paths = new Set(
      [...(box.current?.querySelectorAll<HTMLElement>('[data-path]') ?? [])].map(
        (element) => element.dataset.path ?? '',
      ),
    );
    setFieldPaths((previous) =>
      previous.size === paths.size && [...paths].every((path) => previous.has(path)) ? previous : paths,
    );
  }, [draft]);
  const unshown = issues.filter((issue) => !fieldPaths.has(issue.path));
  return (
    <section ref={box} id={sectionElementId(id)} className="report-section" aria-label={title} tabIndex={-1}>
      <header className="report-section-header">
        <h3>{title}</h3>
        {issues.length > 0 && <span className="section-badge">{issues.length} to fix</span>}
        <kbd>{sectionKey(id)}</kbd>
      </header>
      {intro && <p className="hint section-intro">{intro}</p>}
      {unshown.length > 0 && (
        <ul className="section-problems">
          {unshown.map((issue) => (
            <li key={`${issue.path}-${issue.message}`} className="problem">
              <code>{issue.path}</code> {issue.message}
            </li>
          ))}
        </ul>
      )}
      <div className="field-grid">{children}</div>
    </section>
  );
}
