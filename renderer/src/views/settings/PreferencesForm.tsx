// The workspace settings as one form in titled groups (schedule, guardrails, fatigue alarm …), so a
// save is one validated patch: a bad value anywhere changes nothing.
import { useEffect, useState, type FormEvent } from 'react';
import { isAdloopError, type Settings as SettingsValues } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useEngineMutation } from '../../engine/queries';
import { FieldInput } from './FieldInput';
import { allFields, draftFrom, fieldGroups, patchFrom, type Draft } from './fields';

type FieldErrors = Record<string, string>;

/** Keyboard and screen-reader users land on the field that needs fixing. */
function focusFirstInvalid(keys: string[]): void {
  const first = keys[0];
  if (first) requestAnimationFrame(() => document.getElementById(`setting-${first}`)?.focus());
}

export function PreferencesForm({ saved }: { saved: SettingsValues }) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<string>('');
  const update = useEngineMutation('settings.update', { method: 'settings.get', input: {} });

  // Another client (or the CLI) changed settings: show the engine's values.
  useEffect(() => setDraft(draftFrom(saved)), [saved]);

  const set = (key: string, value: string | boolean) => {
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

  const knownKeys = new Set<string>(allFields.map((f) => f.key));
  const formLevel = Object.entries(errors).filter(([k]) => !knownKeys.has(k));
  const otherError = update.error && !(update.error.code === 'InvalidInput' && update.error.issues?.length) ? update.error : null;

  return (
    <form className="panel settings-form" onSubmit={onSubmit} noValidate aria-describedby="settings-status" aria-labelledby="settings-prefs-title">
      <h2 id="settings-prefs-title" tabIndex={-1}>Preferences</h2>
      {fieldGroups.map((g) => (
        <fieldset key={g.id} className="settings-group" id={`settings-${g.id}`}>
          <legend>{g.title}</legend>
          <p className="help">{g.help}</p>
          {g.fields.map((f) => (
            <FieldInput key={f.key} field={f} draft={draft} error={errors[f.key]} set={set} />
          ))}
        </fieldset>
      ))}
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
