import type { BattlePlanOutput, GateOutput } from '../../../../contract';
import { formatPercent } from '../../format/numbers';

const VERDICT_CLASS: Record<GateOutput['decision'], string> = { PROCEED: 'verdict-proceed', REJECT: 'verdict-reject', UNCERTAIN: 'verdict-uncertain' };

/** Where the interval and the REJECT line sit on one scale (0 … a little above the highest value). */
function IntervalBar({ gate }: { gate: GateOutput }) {
  const top = Math.max(gate.interval.upper, gate.accountCtr, gate.threshold) * 1.25;
  const at = (x: number) => `${(x / top) * 100}%`;
  return (
    <div className="interval" aria-hidden="true">
      <span className="interval-range" style={{ left: at(gate.interval.lower), width: at(gate.interval.upper - gate.interval.lower) }} />
      <span className="interval-mark" style={{ left: at(gate.predictedCtr) }} />
      <span className="interval-line interval-threshold" style={{ left: at(gate.threshold) }} title="REJECT line" />
      <span className="interval-line interval-account" style={{ left: at(gate.accountCtr) }} title="account CTR" />
    </div>
  );
}

export function GatePanel({ gate, plan }: { gate: GateOutput; plan: BattlePlanOutput | undefined }) {
  return (
    <section className="panel" data-testid="gate-result" data-decision={gate.decision} aria-live="polite">
      <div className="panel-head">
        <h2>
          Pre-spend gate:{' '}
          <span className={`verdict ${VERDICT_CLASS[gate.decision]}`} data-testid="gate-decision">
            {gate.decision}
          </span>
        </h2>
        <p className="muted">Advice, not a block: any creative can be launched on a small test budget.</p>
      </div>
      <p data-testid="gate-prediction">
        Predicted CTR <strong>{formatPercent(gate.predictedCtr)}</strong>, {Math.round(gate.interval.credibility * 100)} % interval{' '}
        <span data-testid="gate-interval">
          {formatPercent(gate.interval.lower)}–{formatPercent(gate.interval.upper)}
        </span>
        ; account CTR {formatPercent(gate.accountCtr)}, REJECT line {formatPercent(gate.threshold)} ({Math.round(gate.rejectRatio * 100)} % of it). From{' '}
        {gate.neighboursUsed} similar creatives; {Math.round(gate.shrinkage * 100)} % of the weight is the account prior.
      </p>
      <p className="muted" data-testid="gate-context">
        {gate.adSetId === null
          ? 'For an average audience: name the ad set it will run in to predict for that audience.'
          : `For ad set ${gate.adSetId}, whose ads run at ${gate.contextRatio.toFixed(2)}× the account CTR; similar creatives’ results are moved from their own ad sets to this one.`}
      </p>
      <IntervalBar gate={gate} />
      <p data-testid="gate-recommendation">{gate.recommendation}</p>
      {plan && (
        <div data-testid="battle-plan">
          <h3>Battle plan</h3>
          {plan.patterns.length > 0 && (
            <>
              <p className="muted">What its {plan.winners.length} nearest winners share:</p>
              <ul>
                {plan.patterns.map((p) => (
                  <li key={p.field}>
                    {p.description} ({p.agree} of {p.of}){p.draftFollows ? ' — the draft does too' : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {plan.changes.length > 0 ? (
            <>
              <p className="muted">{gate.decision === 'REJECT' ? 'Fix plan:' : 'Changes to consider:'}</p>
              <ol data-testid="battle-plan-changes">
                {plan.changes.map((c) => (
                  <li key={c.field}>{c.text}</li>
                ))}
              </ol>
            </>
          ) : (
            <p>{plan.winners.length ? 'The draft already follows every pattern its nearest winners share.' : 'No similar winners are indexed yet.'}</p>
          )}
        </div>
      )}
    </section>
  );
}
