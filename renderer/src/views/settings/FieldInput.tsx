import { numberBounds, type Draft, type Field } from './fields';

/** One setting's control with its label, help, range and error, wired for screen readers. */
export function FieldInput({ field, draft, error, set }: { field: Field; draft: Draft; error: string | undefined; set: (key: Field['key'], value: string | boolean) => void }) {
  const id = `setting-${field.key}`;
  const describedBy = `${id}-help${error ? ` ${id}-error` : ''}`;
  const errorLine = error && (
    <p className="field-error" id={`${id}-error`} data-testid={`field-error-${field.key}`}>
      {error}
    </p>
  );
  if (field.kind === 'boolean') {
    return (
      <div className={`field field-check${error ? ' field-invalid' : ''}`}>
        <input id={id} name={field.key} type="checkbox" checked={draft[field.key]} onChange={(e) => set(field.key, e.target.checked)} aria-describedby={describedBy} />
        <div>
          <label htmlFor={id}>{field.label}</label>
          <p className="help" id={`${id}-help`}>
            {field.help}
          </p>
          {errorLine}
        </div>
      </div>
    );
  }
  if (field.kind === 'choice') {
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{field.label}</label>
        <select id={id} name={field.key} value={draft[field.key]} onChange={(e) => set(field.key, e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <p className="help" id={`${id}-help`}>
          {field.help}
        </p>
        {errorLine}
      </div>
    );
  }
  const { min, max } = numberBounds(field.key);
  const range = min !== null && max !== null ? `Between ${min} and ${max} ${field.unit}.` : '';
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {field.label} <span className="unit">({field.unit})</span>
      </label>
      <input
        id={id}
        name={field.key}
        type="number"
        inputMode="decimal"
        step="any"
        min={min ?? undefined}
        max={max ?? undefined}
        value={draft[field.key]}
        onChange={(e) => set(field.key, e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <p className="help" id={`${id}-help`}>
        {field.help} {range}
      </p>
      {errorLine}
    </div>
  );
}
