// The approval queue's one state machine. Every change — from the sampler, the fatigue detector
// or a person — moves only along these edges; anything else is refused with the reason.
//
//   proposed ──approve──▶ approved ──push──▶ pushing ──▶ applied
//      │                     │                  └──────▶ failed
//      ├──reject──▶ rejected ◀┘ (an approved change may still be withdrawn before it is pushed)
//      └──expire──▶ expired  ◀─ (an approved change that waited too long)
//
//   failed ──retry──▶ approved: its own edge, taken only by approvals.retry (which re-checks the
//   guardrails and writes why), never by a plain approve, so "failed" stays terminal for the
//   generic machine and a push that failed is only re-sent when a person asks for it.

export const approvalStates = ['proposed', 'approved', 'pushing', 'applied', 'failed', 'rejected', 'expired'] as const;
export type ApprovalState = (typeof approvalStates)[number];

const EDGES: Record<ApprovalState, readonly ApprovalState[]> = {
  proposed: ['approved', 'rejected', 'expired'],
  approved: ['pushing', 'rejected', 'expired', 'proposed'], // → proposed: the amount was edited after approval
  pushing: ['applied', 'failed'],
  applied: [],
  failed: [],
  rejected: [],
  expired: [],
};

export const terminalStates: readonly ApprovalState[] = ['applied', 'failed', 'rejected', 'expired'];

export function canTransition(from: ApprovalState, to: ApprovalState): boolean {
  return EDGES[from].includes(to);
}

/** Why a transition is refused, in words a buyer understands; null when it is allowed. */
export function transitionRefusal(from: ApprovalState, to: ApprovalState): string | null {
  if (canTransition(from, to)) return null;
  if (from === 'failed') return 'it failed to push; retry it (approvals.retry) or make a new proposal';
  if (terminalStates.includes(from)) return `it is already ${from}; make a new proposal (or undo it) instead`;
  if (from === 'pushing') return 'it is being pushed to Meta right now';
  if (to === 'applied' || to === 'failed') return `only a change being pushed can become ${to}`;
  if (to === 'pushing') return 'only an approved change can be pushed';
  return `a ${from} change cannot become ${to}`;
}

/** Why a change cannot be retried; null when it can (only a failed push is retried). */
export function retryRefusal(from: ApprovalState): string | null {
  if (from === 'failed') return null;
  if (from === 'applied') return 'it is already applied on Meta; retrying would write it a second time';
  if (from === 'pushing') return 'it is being pushed to Meta right now';
  if (from === 'approved') return 'it is approved and waiting for the next push already';
  return `only a failed push can be retried, and it is ${from}`;
}
