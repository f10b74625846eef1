// The approval queue's one state machine. Every change — from the sampler, the fatigue detector
// or a person — moves only along these edges; anything else is refused with the reason.
//
//   proposed ──approve──▶ approved ──push──▶ pushing ──▶ applied
//      │                     │                  └──────▶ failed
//      ├──reject──▶ rejected ◀┘ (an approved change may still be withdrawn before it is pushed)
//      └──expire──▶ expired  ◀─ (an approved change that waited too long)

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
  if (terminalStates.includes(from)) return `it is already ${from}; make a new proposal (or undo it) instead`;
  if (from === 'pushing') return 'it is being pushed to Meta right now';
  if (to === 'applied' || to === 'failed') return `only a change being pushed can become ${to}`;
  if (to === 'pushing') return 'only an approved change can be pushed';
  return `a ${from} change cannot become ${to}`;
}
