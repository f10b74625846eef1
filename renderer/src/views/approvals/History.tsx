import type { Output } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { StateBadge } from '../../components/StateBadge';
import { useEngineQuery } from '../../engine/queries';
import { formatTime, type Money } from './describe';
import { formatMoney } from '../../format/numbers';

type Step = Output<'approvals.history'>[number];

function edited(step: Step, money: Money | null): string | null {
  const { editedFrom, editedTo } = step.detail as { editedFrom?: unknown; editedTo?: unknown };
  if (typeof editedTo !== 'number') return null;
  const fmt = (v: unknown) => (typeof v === 'number' ? (money ? formatMoney(v, money.currency, money.offset) : String(v)) : '—');
  return `amount edited ${fmt(editedFrom)} → ${fmt(editedTo)}`;
}

/** Every transition of one change, oldest first: who moved it, when, and why. */
export function History({ id, money }: { id: number; money: Money | null }) {
  const history = useEngineQuery('approvals.history', { id });
  if (history.isPending) return <Loading what="the history" />;
  if (history.isError) return <ErrorPanel title="The history could not be read" error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <ol className="history" data-testid={`history-${id}`} aria-label={`History of change #${id}`}>
      {history.data.map((s, i) => {
        const edit = edited(s, money);
        return (
          <li key={i} className="history-step" data-from={s.fromState ?? ''} data-to={s.toState}>
            <span className="history-states">
              {s.fromState ? <StateBadge state={s.fromState} /> : <span className="muted">new</span>}
              <span aria-hidden="true" className="arrow">
                →
              </span>
              <span className="visually-hidden">to</span>
              <StateBadge state={s.toState} />
            </span>
            <span className="history-meta">
              <span>by {s.actor}</span>
              <time dateTime={s.at}>{formatTime(s.at)}</time>
              {edit && <span className="history-edit">{edit}</span>}
            </span>
            {s.note && <span className="history-note">{s.note}</span>}
          </li>
        );
      })}
    </ol>
  );
}
