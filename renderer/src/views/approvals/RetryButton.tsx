// Retry a failed push (approvals.retry): the change goes back to "approved" and the next push sends
// it, reading Meta first so a change that took effect meanwhile is not written twice. A refusal
// (guardrails, a newer change to the same target) is shown next to the button.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdloopError, Output } from '../../../../contract';
import { useEngine } from '../../engine/EngineProvider';
import { refreshApprovals } from './useDecisions';

export function RetryButton({ id, disabled }: { id: number; disabled: boolean }) {
  const client = useEngine();
  const qc = useQueryClient();
  const retry = useMutation<Output<'approvals.retry'>, AdloopError, number>({
    mutationFn: (changeId) => client.call('approvals.retry', { id: changeId }),
    onSettled: () => refreshApprovals(qc),
  });
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={disabled || retry.isPending}
        onClick={() => retry.mutate(id)}
        title="Approve this failed change again; the next push sends it (guardrails are checked again)"
        data-testid={`approval-retry-${id}`}
      >
        {retry.isPending ? 'Retrying…' : 'Retry'}
      </button>
      {retry.error && (
        <span className="field-error" role="alert" data-testid={`approval-retry-error-${id}`}>
          {retry.error.message}
        </span>
      )}
    </>
  );
}
