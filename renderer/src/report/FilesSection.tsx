// The report's files, read-only: what review and the ledger decided (category, annotations, whether a
// person viewed the file or its EXIF) and the hashes of the original bytes. They change in review, never
// here, so the report always says what the ledger shows.
import { annotationLabels, annotations, type Annotation } from '../../../shared/review';
import type { ReportView } from '../../../shared/cases';
import { isObject } from './draft';
import { Section } from './Section';
import { useCases } from './store';

type ReportFile = ReportView['files'][number];

function hashes(details: ReportFile['details']): Array<{ type: string; value: string }> {
  const list = Array.isArray(details.originalFileHash) ? details.originalFileHash : [];
  return list.flatMap((hash) =>
    isObject(hash) && typeof hash.hashType === 'string' && typeof hash.value === 'string'
      ? [{ type: hash.hashType, value: hash.value }]
      : [],
  );
}

function annotationNames(details: ReportFile['details']): string[] {
  const flags = isObject(details.fileAnnotations) ? details.fileAnnotations : {};
  return annotations
    .filter((name: Annotation) => flags[name] === true)
    .map((name: Annotation) => annotationLabels[name]);
}

function exifCount(details: ReportFile['details']): number {
  const list = Array.isArray(details.details) ? details.details : [];
  return list.reduce<number>(
    (sum, entry) =>
      sum +
      (isObject(entry) && entry.type === 'EXIF' && Array.isArray(entry.nameValuePair)
        ? entry.nameValuePair.length
        : 0),
    0,
  );
}

function yesNo(value: unknown): string {
  return value === true ? 'Yes' : value === false ? 'No' : '—';
}

function category(details: ReportFile['details']): string {
  if (typeof details.industryClassification === 'string') return details.industryClassification;
  return details.fileRelevance === 'Reported' ? 'Not categorised' : '—';
}

export function fileRowId(index: number): string {
  return `report-file-${index}`;
}

export function FilesSection({ files }: { files: ReportView['files'] }) {
  const close = useCases((s) => s.close);
  return (
    <Section
      id="files"
      title="Files"
      intro={
        <>
          From review and the ledger, not editable here. To change a category or annotation, go back to review{' '}
          <button type="button" className="small inline" onClick={close}>
            Back to review <kbd>Esc</kbd>
          </button>{' '}
          and categorise the item there; the report follows.
        </>
      }
    >
      <div className="field-wide files-table-wrap">
        <table className="facts-table files-table">
          <caption className="offscreen">Files in this report</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Original name</th>
              <th scope="col">Hashes of the original</th>
              <th scope="col">Category</th>
              <th scope="col">Annotations</th>
              <th scope="col">Viewed by staff</th>
              <th scope="col">EXIF</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file, index) => {
              const { details } = file;
              const original =
                typeof details.originalFileName === 'string' ? details.originalFileName : file.fileName;
              const notes = annotationNames(details);
              return (
                <tr key={file.itemId} id={fileRowId(index)} tabIndex={-1}>
                  <td>{index + 1}</td>
                  <td>
                    {original}
                    {original !== file.fileName && <div className="muted">stored as {file.fileName}</div>}
                    {typeof details.fileRelevance === 'string' && (
                      <div className="muted">{details.fileRelevance}</div>
                    )}
                  </td>
                  <td>
                    <dl className="file-hashes">
                      {hashes(details).map((hash) => (
                        <div key={hash.type}>
                          <dt>{hash.type}</dt>
                          <dd className="hash">{hash.value}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                  <td>{category(details)}</td>
                  <td>{notes.length > 0 ? notes.join(', ') : '—'}</td>
                  <td>
                    File: {yesNo(details.fileViewedByEsp)}
                    <br />
                    EXIF: {yesNo(details.exifViewedByEsp)}
                  </td>
                  <td>{exifCount(details)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
