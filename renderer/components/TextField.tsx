/**
 * A labelled text input (or text area) with an optional hint and an error below it, wired for
 * screen readers: the input points at both by aria-describedby and is marked invalid with an error.
 */
export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  /** On the input; the error's test id defaults to `<testId>-error`. */
  testId?: string;
  errorTestId?: string;
  wide?: boolean;
  /** Shows a star after the label and sets aria-required. */
  required?: boolean;
  multiline?: boolean;
  /** The id of a datalist with suggestions. */
  list?: string;
}

export function TextField({ id, label, value, onChange, error, hint, testId, errorTestId, wide, required, multiline, list }: TextFieldProps) {
  const common = {
    id,
    value,
    className: 'input',
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined,
    'aria-required': required || undefined,
    'data-testid': testId,
  };
  return (
    <div className={`field${wide || multiline ? ' field--wide' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" list={list} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="inline-error" data-testid={errorTestId ?? (testId ? `${testId}-error` : undefined)}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
