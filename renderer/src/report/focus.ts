// Finding the place on the builder a problem points at: the input for its element path (data-path), else
// the first input inside it, else the JSON editor holding that part of the section (data-scope), else the
// section itself.
import { fileRowId } from './FilesSection';
import { reportSections } from './model';
import { inSection, sectionElementId } from './Section';

function under(path: string, parent: string): boolean {
  return path.startsWith(`${parent}/`) || path.startsWith(`${parent}[`);
}

function show(element: HTMLElement): void {
  element.scrollIntoView({ block: 'center' });
  element.focus({ preventScroll: true });
}

/** An element path a message names, e.g. "add reporter/reportingPerson/email" names /report/reporter/…. */
function namedPath(message: string | undefined): string | undefined {
  const named = /\b([A-Za-z]+(?:\/[A-Za-z]+)+)\b/.exec(message ?? '')?.[1];
  return named ? `/report/${named}` : undefined;
}

export function focusProblem(path: string, file?: number, message?: string): void {
  if (file !== undefined) {
    const row = document.getElementById(fileRowId(file));
    if (row) show(row);
    return;
  }
  const fields = [...document.querySelectorAll<HTMLElement>('.report-builder [data-path]')];
  const at = (wanted: string | undefined) => fields.find((field) => field.dataset.path === wanted);
  const inside = fields.find((field) => under(field.dataset.path ?? '', path));
  // JSON editors hold whatever of a section the inputs do not: the nearest one around the path.
  const around = [...document.querySelectorAll<HTMLElement>('.report-builder [data-scope]')]
    .filter((editor) => {
      const scope = editor.dataset.scope ?? '';
      return scope === path || under(path, scope);
    })
    .sort((a, b) => (b.dataset.scope ?? '').length - (a.dataset.scope ?? '').length)[0];
  const target = at(path) ?? at(namedPath(message)) ?? inside ?? around;
  if (target) {
    show(target);
    return;
  }
  const section = reportSections.find((s) => inSection(path, s.id));
  const region = section && document.getElementById(sectionElementId(section.id));
  if (region) show(region);
}

/** Alt+digit: the section's first input (or the section itself when it has none). */
export function focusSection(index: number): void {
  const section = reportSections[index];
  const region = section && document.getElementById(sectionElementId(section.id));
  if (!region) return;
  region.scrollIntoView({ block: 'start' });
  const first = region.querySelector<HTMLElement>(
    'input:not([type=hidden]), select, textarea, button:not(.inline)',
  );
  (first ?? region).focus({ preventScroll: true });
}
