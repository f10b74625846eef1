import { useId, useState, type FormEvent } from 'react';
import type { Allocation, ApprovalChange, Recommendation } from '../../../../contract';
import { formatCount, formatPercent } from '../../format/numbers';
import type { Refusal } from '../approvals/refusals';
import { minorToInput, parseMajorAmount } from './amount';
import { offsetOf, runMoney } from './money';

interface Props {
  run: Allocation;
  rec: Recommendation;
  change: ApprovalChange | undefined;
  refusal: Refusal | undefined;
  busy: boolean;
  onApproveAmount(id: number, minor: number): void;
}

/** The expanded row: the full reason, the evidence behind it, and approval with an edited amount. */
export function HolderDetail({ run, rec, change, refusal, busy, onApproveAmount }: Props) {
  const money = runMoney(run);
  const e = rec.evidence;
  return (
    <div className="holder-detail" data-testid={`budget-detail-${rec.holderId}`}>
      <div className="holder-detail-why">
        <p className="reason">{rec.reason}</p>
        <dl className="evidence-grid" aria-label="Evidence (time-discounted)">
          <div>
            <dt>Impressions</dt>
            <dd>{formatCount(e.impressions)}</dd>
          </div>
          <div>
            <dt>Clicks</dt>
            <dd>{formatCount(e.clicks)}</dd>
          </div>
          <div>
            <dt>Spend</dt>
            <dd>{money(e.spend)}</dd>
          </div>
          <div>
            <dt>Deals</dt>
            <dd>{e.deals.toFixed(1)}</dd>
          </div>
          <div>
            <dt>Pipeline value</dt>
            <dd>{money(e.value)}</dd>
          </div>
          <div>
            <dt>Days of data</dt>
            <dd>{e.days}</dd>
          </div>
          <div>
            <dt>CTR (mean)</dt>
            <dd>{formatPercent(rec.ctr.mean)}</dd>
          </div>
          <div>
            <dt>Pipeline weight</dt>
            <dd title="How much of the ranking comes from this holder’s own pipeline evidence">{formatPercent(rec.pipelineWeight, undefined, 0)}</dd>
          </div>
        </dl>
      </div>
      <div className="holder-detail-act">
        {change?.state === 'proposed' && change.changeType === 'set_budget' ? (
          <EditAmount key={change.id} run={run} change={change} refusal={refusal} busy={busy} onApproveAmount={onApproveAmount} />
        ) : (
          <p className="muted">
            {change
              ? `Change #${change.id} is ${change.state}; only a proposed change can be approved with another amount.`
              : rec.changeId === null
                ? 'No change was proposed for this holder: the budget stays, the change is under 1 %, or a guardrail refused it (see the run’s notes).'
                : 'Reading this change’s state…'}
          </p>
        )}
      </div>
    </div>
  );
}

function EditAmount({ run, change, refusal, busy, onApproveAmount }: Omit<Props, 'rec' | 'change'> & { change: ApprovalChange }) {
  const id = useId();
  const offset = offsetOf(run.currencyOffset);
  const [text, setText] = useState(() => minorToInput(change.proposedBudget ?? 0, offset));
  const parsed = parseMajorAmount(text, offset, run.currency);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.ok) onApproveAmount(change.id, parsed.minor);
  };
  return (
    <form className="edit-amount" onSubmit={onSubmit} noValidate>
      <label htmlFor={`${id}-amount`}>Approve a different amount</label>
      <div className="money-input money-input-small">
        <span className="money-input-currency" aria-hidden="true">
          {run.currency}
        </span>
        <input
          id={`${id}-amount`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!parsed.ok || refusal ? true : undefined}
          aria-describedby={`${id}-msg`}
          data-testid={`amount-${change.id}`}
        />
        <button type="submit" className="button button-small" disabled={busy || !parsed.ok} data-testid={`approve-amount-${change.id}`}>
          Approve this amount
        </button>
      </div>
      <p id={`${id}-msg`} className={!parsed.ok || refusal ? 'field-error' : 'help'} data-testid={`amount-message-${change.id}`} role={refusal ? 'alert' : undefined}>
        {!parsed.ok ? (
          parsed.message
        ) : refusal ? (
          <>
            <code className="error-code">{refusal.code}</code> {refusal.message}
          </>
        ) : (
          `Proposed ${runMoney(run)(change.proposedBudget ?? 0)}; the guardrails are checked again on approval.`
        )}
      </p>
    </form>
  );
}
