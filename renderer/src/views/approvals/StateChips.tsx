import type { ApprovalStateName } from '../../../../contract';
import { ALL_STATES, STATE_LABEL } from './describe';

/** Toggle which states the queue shows; each chip is a pressed/unpressed button. */
export function StateChips({ value, onToggle }: { value: readonly ApprovalStateName[]; onToggle(s: ApprovalStateName): void }) {
  return (
    <div className="chips" role="group" aria-label="Show changes in these states">
      {ALL_STATES.map((s) => (
        <button key={s} type="button" className={`chip chip-${s}`} aria-pressed={value.includes(s)} onClick={() => onToggle(s)} data-testid={`chip-${s}`}>
          {STATE_LABEL[s]}
        </button>
      ))}
    </div>
  );
}
