// Above the review grid: search and filters (a hash of any kind, or PDQ within a distance; file name,
// bank, match kind, category, case, reviewer and ingest dates), answered page by page by the core like a
// queue; and making a case from the items selected in the grid.
import { useState } from 'react';
import type { SearchFilter } from '../../../shared/desk';
import { categories } from '../../../shared/review';
import { call } from '../api';
import { errorMessage } from '../components/ErrorBanner';
import { fetchPage } from '../review/page-loader';
import { itemAt } from '../review/pages';
import { useReview } from '../review/store';
import { useMayCall } from '../workspace/access';
import { useWorkspace } from '../workspace/store';

type Fields = Record<
  | 'hash'
  | 'pdqDistance'
  | 'fileName'
  | 'bank'
  | 'matchKind'
  | 'category'
  | 'caseId'
  | 'reviewer'
  | 'from'
  | 'to',
  string
>;

const empty: Fields = {
  hash: '',
  pdqDistance: '',
  fileName: '',
  bank: '',
  matchKind: '',
  category: '',
  caseId: '',
  reviewer: '',
  from: '',
  to: '',
};

/** The filled fields as the contract's filter; empty ones are left out. */
export function searchFilterOf(fields: Fields): SearchFilter {
  const filter: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    const text = value.trim();
    if (!text) continue;
    filter[key] = key === 'pdqDistance' ? Number(text) : text;
  }
  return filter as SearchFilter;
}

/** The ids of the selected items, fetching the pages not loaded (at most 10,000 items). */
async function selectedIds(): Promise<string[]> {
  const state = useReview.getState();
  const positions = [...state.selection].sort((a, b) => a - b).slice(0, 10_000);
  const ids: string[] = [];
  for (const position of positions) {
    const item = itemAt(state.pages, position);
    if (item) ids.push(item.id);
    else {
      const answer = await fetchPage(state, position, 1);
      if (answer.items[0]) ids.push(answer.items[0].id);
    }
  }
  return ids;
}

function NewCase() {
  const [title, setTitle] = useState('');
  const [detectedAt, setDetectedAt] = useState(() => new Date().toISOString().slice(0, 16));
  const [problem, setProblem] = useState<string | null>(null);
  const announce = useWorkspace((s) => s.announce);
  const count = useReview((s) => s.selection.size);
  return (
    <form
      className="desk-inline"
      aria-label="New case from the selection"
      onSubmit={(e) => {
        e.preventDefault();
        void (async () => {
          try {
            const itemIds = await selectedIds();
            const made = await call('cases.create', {
              title,
              itemIds,
              detectedAt: new Date(detectedAt).toISOString(),
            });
            setProblem(null);
            setTitle('');
            announce(`Case "${made.title}" created with ${made.items} item(s).`);
          } catch (failure) {
            setProblem(errorMessage(failure));
          }
        })();
      }}
    >
      <input
        aria-label="Case title"
        placeholder="Case title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <input
        aria-label="Detected at"
        type="datetime-local"
        value={detectedAt}
        onChange={(e) => setDetectedAt(e.target.value)}
      />
      <button type="submit" disabled={!title.trim()}>
        New case from {count} selected
      </button>
      {problem && (
        <span className="problem" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}

export function SearchBar() {
  const [fields, setFields] = useState<Fields>(empty);
  const [open, setOpen] = useState(false);
  const searching = useReview((s) => s.search !== null);
  const setSearch = useReview((s) => s.setSearch);
  const mayCreate = useMayCall('cases.create');
  const field = (key: keyof Fields, label: string, extra: Record<string, string> = {}) => (
    <label className="search-field">
      {label}
      <input
        value={fields[key]}
        onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
        {...extra}
      />
    </label>
  );
  return (
    <div className="search-bar">
      <form
        role="search"
        aria-label="Search items"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(searchFilterOf(fields));
        }}
      >
        {field('fileName', 'File name')}
        {field('hash', 'Hash (SHA-256, SHA-1, MD5 or PDQ)', { spellCheck: 'false' })}
        <button type="submit">Search</button>
        {searching && (
          <button
            type="button"
            onClick={() => {
              setFields(empty);
              setSearch(null);
            }}
          >
            Clear search
          </button>
        )}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          More filters
        </button>
        {open && (
          <div className="search-more">
            {field('pdqDistance', 'PDQ distance', { type: 'number', min: '0', max: '128' })}
            {field('bank', 'Bank')}
            <label className="search-field">
              Match kind
              <select
                value={fields.matchKind}
                onChange={(e) => setFields({ ...fields, matchKind: e.target.value })}
              >
                <option value="">Any</option>
                <option value="exact">Exact hash</option>
                <option value="pdq">PDQ</option>
              </select>
            </label>
            <label className="search-field">
              Category
              <select
                value={fields.category}
                onChange={(e) => setFields({ ...fields, category: e.target.value })}
              >
                <option value="">Any</option>
                <option value="uncategorised">Uncategorised</option>
                {categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            {field('caseId', 'Case id')}
            {field('reviewer', 'Reviewer')}
            {field('from', 'Ingested from', { type: 'date' })}
            {field('to', 'Ingested to', { type: 'date' })}
          </div>
        )}
      </form>
      {mayCreate && <NewCase />}
    </div>
  );
}
