// A text field that suggests ads or ad sets by name as the buyer types (a native <datalist>:
// keyboard and screen-reader support come with the browser), and says which one the text means.
import { useDeferredValue, useEffect } from 'react';
import type { StructureMatch } from '../../../contract';
import { useEngineQuery } from '../engine/queries';
import { describeMatch, resolvePick } from './structure-pick';

interface Props {
  id: string;
  label: string;
  kind: 'ad' | 'adSet';
  value: string;
  onChange(text: string): void;
  /** The id the text stands for now and its match if known (see resolvePick), whenever either changes. */
  onResolve(id: string, match: StructureMatch | null): void;
  placeholder?: string;
  required?: boolean;
  testId: string;
}

const NO_MATCHES: StructureMatch[] = [];

export function StructurePicker({ id, label, kind, value, onChange, onResolve, placeholder, required, testId }: Props) {
  const query = useDeferredValue(value.trim());
  // Nothing typed: the query is disabled; its input only needs to be a valid one for the cache key.
  const found = useEngineQuery('structure.find', { query: query || '-', kind, limit: 10 }, { enabled: query.length > 0, keepPrevious: true });
  const matches = query.length > 0 ? (found.data ?? NO_MATCHES) : NO_MATCHES;
  const { id: resolved, match } = resolvePick(value, matches);
  useEffect(() => onResolve(resolved, match), [resolved, match, onResolve]);
  const listId = `${id}-options`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        list={listId}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        required={required}
        aria-describedby={`${id}-means`}
        data-testid={testId}
      />
      <datalist id={listId} data-testid={`${testId}-options`}>
        {matches.map((m) => (
          <option key={m.id} value={m.id} label={describeMatch(m)} />
        ))}
      </datalist>
      <p className="help" id={`${id}-means`} data-testid={`${testId}-means`} aria-live="polite">
        {match ? `${kind === 'ad' ? 'Ad' : 'Ad set'} ${match.id}: ${describeMatch(match)}` : value.trim() && found.isSuccess && matches.length === 0 ? `No ${kind === 'ad' ? 'ad' : 'ad set'} matches “${value.trim()}”.` : '\u00a0'}
      </p>
    </div>
  );
}
