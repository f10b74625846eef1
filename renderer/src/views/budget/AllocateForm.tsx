import { useId, useState, type FormEvent } from 'react';
import type { Account } from '../../../../contract';
import { formatMoney } from '../../format/numbers';
import { minorToInput, parseMajorAmount } from './amount';

interface Props {
  account: Account;
  /** The last run's total, offered as the starting value (else what the account spends a day now). */
  lastTotal: number | null;
  pending: boolean;
  onAllocate(total: number): void;
}

/** The total daily budget, typed in major units of the account's currency and sent in minor units. */
export function AllocateForm({ account, lastTotal, pending, onAllocate }: Props) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  // A buyer usually reallocates what the account already spends: start from the last run's total,
  // else today's budgets, so Allocate works without typing anything.
  const start = lastTotal ?? (account.dailyBudget > 0 ? account.dailyBudget : null);
  const value = text ?? (start !== null ? minorToInput(start, account.currencyOffset) : '');
  const parsed = parseMajorAmount(value, account.currencyOffset, account.currency);
  const zero = parsed.ok && parsed.minor === 0;
  // An empty field is only an error once someone tried to submit it; a wrong amount is said at once.
  const error = !parsed.ok ? (value.trim() === '' && !submitted ? null : parsed.message) : zero && submitted ? 'Enter a total above zero.' : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!parsed.ok || parsed.minor === 0) {
      document.getElementById(`${id}-total`)?.focus();
      return;
    }
    onAllocate(parsed.minor);
  };

  return (
    <form className="allocate-form" onSubmit={onSubmit} noValidate aria-label="Allocate a daily budget">
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`${id}-total`}>Total daily budget</label>
        <div className="money-input">
          <span className="money-input-currency" aria-hidden="true">
            {account.currency}
          </span>
          <input
            id={`${id}-total`}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder={account.currencyOffset === 100 ? '10000.00' : '10000'}
            value={value}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
            data-testid="budget-total-input"
          />
          <button type="submit" className="button button-primary" disabled={pending} data-testid="budget-allocate">
            {pending ? 'Allocating…' : 'Allocate'}
          </button>
        </div>
        <p className="help" id={`${id}-help`}>
          In {account.currency}
          {account.currencyOffset === 100 ? ', up to 2 decimals' : ', whole units'}. Shared across the account’s active ad sets (ABO) and
          campaigns (CBO); each change is proposed for approval, never pushed on its own.
          {account.dailyBudget > 0 && (
            <span data-testid="budget-current-total"> Today they spend {formatMoney(account.dailyBudget, account.currency, account.currencyOffset)} a day.</span>
          )}
          {parsed.ok && parsed.minor > 0 && <> Sends {formatMoney(parsed.minor, account.currency, account.currencyOffset)}.</>}
        </p>
        {error && (
          <p className="field-error" id={`${id}-error`} data-testid="budget-total-error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
