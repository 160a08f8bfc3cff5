// The case picker of counsel's forms (a hold's scope, a package's case): every case of the vault by title.
// It reads the case list itself; the choice is the caller's.
import { call } from '../api';
import { useLoad } from '../workspace/useLoad';

export function CaseSelect({ value, onChange }: { value: string; onChange(caseId: string): void }) {
  const cases = useLoad(() => call('cases.list', {}));
  return (
    <label>
      Case
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose a case</option>
        {cases.data?.cases.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </select>
    </label>
  );
}
