// Which allocation the Budget view shows, and its ad pauses.
import type { Allocation, ApprovalChange } from '../../../../contract';

export type AdPause = Allocation['adPauses'][number];

/**
 * The run just made in this window carries everything (ad pauses, every change id); the engine's
 * `budget.latest` re-reads a stored run with less. Prefer ours while it is still the latest.
 */
export function pickAllocation(latest: Allocation | null | undefined, lastRun: Allocation | null, accountId: string | null): Allocation | null {
  const mine = lastRun && (accountId === null || lastRun.accountId === accountId) ? lastRun : null;
  if (!latest) return mine;
  if (mine && mine.accountId === latest.accountId && mine.runId >= latest.runId) return mine;
  return latest;
}

/**
 * The run's ad pauses: from the run itself, or — for a stored run, which does not keep them —
 * from the approval queue, where each pause proposal names its run in its evidence.
 */
export function adPausesOf(run: Allocation, queue: readonly ApprovalChange[]): AdPause[] {
  if (run.adPauses.length > 0) return run.adPauses;
  return queue
    .filter((c) => c.targetType === 'ad' && c.changeType === 'pause' && c.origin === 'sampler' && c.evidence.runId === run.runId)
    .map((c) => ({
      adId: c.targetId,
      adName: c.targetName ?? c.targetId,
      holderId: '',
      pBestInHolder: typeof c.evidence.pBestInHolder === 'number' ? c.evidence.pBestInHolder : 0,
      reason: c.reason,
      changeId: c.id,
    }));
}

export function indexById(queue: readonly ApprovalChange[] | undefined): Map<number, ApprovalChange> {
  return new Map((queue ?? []).map((c) => [c.id, c]));
}

/**
 * Stopgap until `budget.latest` reports them: a stored run loses the change id of a proposal the
 * run kept from an earlier run (the engine links changes to runs through `evidence.runId`, which
 * names the earlier run). The sampler's idempotency key names holder, data day and amount, so the
 * change can be found by it. Returns the run itself when nothing is missing.
 */
export function withChangeIds(run: Allocation, queue: readonly ApprovalChange[]): Allocation {
  const missing = run.recommendations.some((r) => r.changeId === null && r.action === 'set_budget');
  if (!missing || queue.length === 0 || run.windowEnd === null) return run;
  const byKey = new Map(queue.filter((c) => c.origin === 'sampler').map((c) => [c.idempotencyKey, c.id]));
  let found = false;
  const recommendations = run.recommendations.map((r) => {
    if (r.changeId !== null || r.action !== 'set_budget') return r;
    const id = byKey.get(`sampler:${r.holderType}:${r.holderId}:${run.windowEnd}:${r.recommendedBudget}`);
    if (id === undefined) return r;
    found = true;
    return { ...r, changeId: id };
  });
  return found ? { ...run, recommendations } : run;
}
