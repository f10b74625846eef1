import { useEffect, useState, type FormEvent } from 'react';
import { isAdloopError, type Settings as SettingsValues } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';
import { booleanFields, draftFrom, numberBounds, numberFields, patchFrom, type Draft } from './fields';

type FieldErrors = Record<string, string>;

/** Keyboard and screen-reader users land on the field that needs fixing. */
function focusFirstInvalid(keys: string[]): void {
  const first = keys[0];
  if (first) requestAnimationFrame(() => document.getElementById(`setting-${first}`)?.focus());
}

export function Settings() {
  const settings = useEngineQuery('settings.get', {});
  return (
    <div className="view" data-testid="view-settings">
      <header className="view-head">
        <div>
          <h1>Settings</h1>
          <p className="muted">Stored in this workspace. A value outside its range is refused and nothing changes.</p>
        </div>
      </header>
      {settings.isPending ? (
        <Loading what="settings" />
      ) : settings.isError ? (
        <ErrorPanel title="Settings could not be read" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm saved={settings.data} />
      )}
    </div>
  );
}

function SettingsForm({ saved }: { saved: SettingsValues }) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>('');
  const update = useEngineMutation('settings.update', { method: 'settings.get', input: {} });

  // Another client (or the CLI) changed settings: show the engine's values.
  useEffect(() => setDraft(draftFrom(saved)), [saved]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus('');
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setStatus('');
    const { patch, blanks } = patchFrom(draft, saved);
    if (blanks.length) {
      setErrors(Object.fromEntries(blanks.map((k) => [k, 'Enter a number.'])));
      focusFirstInvalid(blanks);
      return;
    }
    if (Object.keys(patch).length === 0) {
      setErrors({});
      setStatus('Nothing changed.');
      return;
    }
    update.mutate(patch, {
      onSuccess: (next) => {
        setErrors({});
        setDraft(draftFrom(next));
        setStatus('Saved.');
      },
      onError: (err) => {
        if (isAdloopError(err) && err.code === 'InvalidInput' && err.issues?.length) {
          const byField: FieldErrors = {};
          for (const issue of err.issues) {
            const field = issue.path.split('.')[0] ?? '(root)';
            byField[field] ??= issue.message;
          }
          setErrors(byField);
          focusFirstInvalid(Object.keys(byField));
        } else {
          setErrors({});
        }
      },
    });
  };

  const knownKeys = new Set<string>([...numberFields.map((f) => f.key), ...booleanFields.map((f) => f.key)]);
  const formLevel = Object.entries(errors).filter(([k]) => !knownKeys.has(k));
  const otherError = update.error && !(update.error.code === 'InvalidInput' && update.error.issues?.length) ? update.error : null;

  return (
    <form className="panel settings-form" onSubmit={onSubmit} noValidate aria-describedby="settings-status">
      {numberFields.map((f) => {
        const { min, max } = numberBounds(f.key);
        const error = errors[f.key];
        const range = min !== null && max !== null ? `Between ${min} and ${max} ${f.unit}.` : '';
        return (
          <div className={`field${error ? ' field-invalid' : ''}`} key={f.key}>
            <label htmlFor={`setting-${f.key}`}>
              {f.label} <span className="unit">({f.unit})</span>
            </label>
            <input
              id={`setting-${f.key}`}
              name={f.key}
              type="number"
              inputMode="decimal"
              step="any"
              min={min ?? undefined}
              max={max ?? undefined}
              value={draft[f.key]}
              onChange={(e) => set(f.key, e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`setting-${f.key}-help${error ? ` setting-${f.key}-error` : ''}`}
            />
            <p className="help" id={`setting-${f.key}-help`}>
              {f.help} {range}
            </p>
            {error && (
              <p className="field-error" id={`setting-${f.key}-error`} data-testid={`field-error-${f.key}`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      {booleanFields.map((f) => {
        const error = errors[f.key];
        return (
          <div className={`field field-check${error ? ' field-invalid' : ''}`} key={f.key}>
            <input
              id={`setting-${f.key}`}
              name={f.key}
              type="checkbox"
              checked={draft[f.key]}
              onChange={(e) => set(f.key, e.target.checked)}
              aria-describedby={`setting-${f.key}-help`}
            />
            <div>
              <label htmlFor={`setting-${f.key}`}>{f.label}</label>
              <p className="help" id={`setting-${f.key}-help`}>
                {f.help}
              </p>
              {error && (
                <p className="field-error" data-testid={`field-error-${f.key}`}>
                  {error}
                </p>
              )}
            </div>
          </div>
        );
      })}
      {formLevel.length > 0 && (
        <div className="panel-error" role="alert">
          {formLevel.map(([k, m]) => (
            <p key={k}>
              <code>{k}</code> {m}
            </p>
          ))}
        </div>
      )}
      {otherError && <ErrorPanel title="Settings were not saved" error={otherError} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft(draftFrom(saved));
            setErrors({});
            setStatus('');
          }}
        >
          Reset
        </button>
        <span id="settings-status" role="status" className="status" data-testid="settings-status">
          {Object.keys(errors).length > 0 ? 'Not saved: fix the highlighted field.' : status}
        </span>
      </div>
    </form>
  );
}
