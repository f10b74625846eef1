import { FIELD_SPECS, type DnaDraft } from './dna-form';

/** Every DNA field; blank = not described. Field errors from the engine are shown by the field. */
export function DnaForm({ draft, onChange, errors }: { draft: DnaDraft; onChange: (next: DnaDraft) => void; errors: Record<string, string> }) {
  return (
    <div className="dna-form" data-testid="dna-form">
      {FIELD_SPECS.map((spec) => {
        const id = `dna-${spec.field}`;
        const error = errors[spec.field];
        const set = (value: string) => onChange({ ...draft, [spec.field]: value });
        return (
          <div key={spec.field} className={`field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={id}>
              {spec.label}
              {spec.kind === 'number' && spec.unit ? <span className="unit"> ({spec.unit})</span> : null}
            </label>
            {spec.kind === 'choice' || spec.kind === 'flag' ? (
              <select id={id} value={draft[spec.field]} onChange={(e) => set(e.target.value)} data-testid={id}>
                <option value="">—</option>
                {(spec.kind === 'flag' ? ['yes', 'no'] : spec.options).map((o) => (
                  <option key={o} value={o}>
                    {o.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                type="text"
                inputMode={spec.kind === 'number' ? 'decimal' : 'text'}
                value={draft[spec.field]}
                onChange={(e) => set(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                data-testid={id}
              />
            )}
            {error && (
              <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}
