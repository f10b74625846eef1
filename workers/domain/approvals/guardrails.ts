// Guardrails on a proposed change, checked when it is proposed, when it is approved, and again
// right before it is pushed (the world may have moved in between).

export interface GuardrailContext {
  /** The holder's budget 24 h ago (base of the ±cap), minor units; null if unknown/new. */
  budget24hAgo: number | null;
  minBudget: number;
  /** Budget edits applied or being pushed in the last hour for this target. */
  editsLastHour: number;
  maxChangePct: number;
  maxEditsPerHour: number;
  targetStatus: string | null;
}

export interface BudgetChange {
  changeType: 'set_budget' | 'pause' | 'resume';
  proposedBudget?: number;
}

export interface Violation {
  rule: 'integer_budget' | 'min_budget' | 'max_change' | 'edit_rate' | 'target_missing' | 'target_inactive';
  message: string;
}

export function checkGuardrails(change: BudgetChange, ctx: GuardrailContext): Violation[] {
  const v: Violation[] = [];
  if (ctx.targetStatus === null) {
    v.push({ rule: 'target_missing', message: 'The target is not in this workspace any more.' });
    return v;
  }
  if (change.changeType !== 'set_budget') {
    if (ctx.targetStatus === 'DELETED' || ctx.targetStatus === 'ARCHIVED') {
      v.push({ rule: 'target_inactive', message: `The target is ${ctx.targetStatus.toLowerCase()}.` });
    }
    return v;
  }
  const b = change.proposedBudget;
  if (b === undefined || !Number.isInteger(b) || b < 0) {
    v.push({ rule: 'integer_budget', message: 'A budget must be a whole number of minor units (cents).' });
    return v;
  }
  if (b < ctx.minBudget) v.push({ rule: 'min_budget', message: `Below Meta's minimum daily budget (${ctx.minBudget} minor units).` });
  if (ctx.budget24hAgo !== null && ctx.budget24hAgo > 0) {
    const changePct = ((b - ctx.budget24hAgo) / ctx.budget24hAgo) * 100;
    if (Math.abs(changePct) > ctx.maxChangePct + 1e-9) {
      v.push({
        rule: 'max_change',
        message: `A ${changePct > 0 ? '+' : ''}${changePct.toFixed(1)} % change in 24 h exceeds the ±${ctx.maxChangePct} % guardrail.`,
      });
    }
  }
  if (ctx.editsLastHour >= ctx.maxEditsPerHour) {
    v.push({ rule: 'edit_rate', message: `Meta allows ${ctx.maxEditsPerHour} budget edits per hour per ad set; this one has had ${ctx.editsLastHour}.` });
  }
  return v;
}
