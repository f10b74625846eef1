// Which allocation the Budget view shows, and its ad pauses.
import type { Allocation, ApprovalChange } from '../../../../contract';

export type AdPause = Allocation['adPauses'][number];

/**
 * The run just made in this window, while it is still the latest for the account: `budget.latest`
 * returns the same run, but its query may not have refetched yet when the mutation answers.
 */
export function pickAllocation(latest: Allocation | null | undefined, lastRun: Allocation | null, accountId: string | null): Allocation | null {
  const mine = lastRun && (accountId === null || lastRun.accountId === accountId) ? lastRun : null;
  if (!latest) return mine;
  if (mine && mine.accountId === latest.accountId && mine.runId >= latest.runId) return mine;
  return latest;
}

/** The approval-queue changes of a run (its budget proposals and ad pauses), for fetching their states. */
export function changeIdsOf(run: Allocation): number[] {
  const ids = [...run.recommendations.map((r) => r.changeId), ...run.adPauses.map((a) => a.changeId)];
  return ids.filter((id): id is number => id !== null).sort((a, b) => a - b);
}

export function indexById(queue: readonly ApprovalChange[] | undefined): Map<number, ApprovalChange> {
  return new Map((queue ?? []).map((c) => [c.id, c]));
}
