import type { Refusal } from '../views/approvals/refusals';

/** The changes the engine refused in the last decision, each with its typed code and reason. */
export function RefusalList({ refusals, label }: { refusals: ReadonlyMap<number, Refusal>; label?: (id: number) => string }) {
  if (refusals.size === 0) return null;
  return (
    <div className="panel-error refusals" role="alert" data-testid="refusals">
      <h2>{refusals.size === 1 ? 'One change was refused' : `${refusals.size} changes were refused`}</h2>
      <ul>
        {[...refusals.values()].map((r) => (
          <li key={r.id} data-testid={`refusal-${r.id}`}>
            <strong>{label ? label(r.id) : `#${r.id}`}</strong> <code className="error-code">{r.code}</code> {r.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
