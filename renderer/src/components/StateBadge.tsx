import type { ApprovalStateName } from '../../../contract';
import { STATE_LABEL } from '../views/approvals/describe';

/** An approval-queue state as a coloured badge; `testId` lets a test read one change's state. */
export function StateBadge({ state, testId }: { state: ApprovalStateName; testId?: string }) {
  return (
    <span className={`badge state state-${state}`} data-testid={testId} data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}
