// A section's rarely used fields as JSON, named and shaped as in the XSD. It is checked on save (and when
// the focus leaves it): text that does not parse, or a field the XSD does not have there, stops the save
// with the problem shown here.
import { useId, useState } from 'react';
import { parseJsonEditor, type JsonEditorSpec } from './model';
import { useCases, useOpenEditor } from './store';

export function jsonEditorId(editor: string): string {
  return `json-${editor.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

export function JsonEditor({
  editor,
  spec,
  label = spec.label,
  path,
  readOnly,
}: {
  editor: string;
  spec: JsonEditorSpec;
  label?: string;
  /** The element path of the part it holds, when not the spec's (a reported user among several). */
  path?: string;
  readOnly: boolean;
}) {
  const open = useOpenEditor();
  const setJson = useCases((s) => s.setJson);
  const [blurProblem, setBlurProblem] = useState<string | null>(null);
  const hintId = useId();
  const problemId = useId();
  const text = open?.json[editor] ?? '';
  const problem = open?.jsonProblems[editor] ?? blurProblem;
  const lines = text.split('\n').length;
  return (
    <div className="field field-wide json-field">
      <label htmlFor={jsonEditorId(editor)}>{label}</label>
      <textarea
        id={jsonEditorId(editor)}
        className="json-editor"
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        rows={Math.min(14, Math.max(2, lines))}
        value={text}
        placeholder={spec.placeholder}
        readOnly={readOnly}
        data-scope={path ?? spec.path}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${hintId} ${problemId}` : hintId}
        onChange={(e) => {
          setBlurProblem(null);
          setJson(editor, e.target.value);
        }}
        onBlur={() => {
          const parsed = parseJsonEditor(text, spec);
          setBlurProblem(parsed.ok ? null : parsed.message);
        }}
      />
      <p className="hint" id={hintId}>
        {spec.hint}
      </p>
      {problem && (
        <p className="problem" id={problemId}>
          {problem}
        </p>
      )}
    </div>
  );
}
