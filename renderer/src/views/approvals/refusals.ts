// Per-change refusals from a batch decision: the engine decides each change on its own and says
// which ones it refused and why. A new decision on a change replaces what was said about it.
export interface Refusal {
  id: number;
  code: string;
  message: string;
}

export function mergeRefusals(prev: ReadonlyMap<number, Refusal>, decided: readonly number[], refused: readonly Refusal[]): Map<number, Refusal> {
  const next = new Map(prev);
  for (const id of decided) next.delete(id);
  for (const r of refused) next.set(r.id, r);
  return next;
}
