// Approve / reject / undo from any view. Every decision re-reads the queue, the histories and the
// latest allocation (the engine's workspace.changed event does too, but this tab should not wait
// for its socket).
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { AdloopError, Output } from '../../../../contract';
import { useEngine } from '../../engine/EngineProvider';
import { mergeRefusals, type Refusal } from './refusals';

export type Decision = { kind: 'approve'; ids: number[]; amounts?: Record<string, number> } | { kind: 'reject'; ids: number[] };

export function refreshApprovals(qc: QueryClient): Promise<unknown> {
  return Promise.all(['approvals.list', 'approvals.history', 'budget.latest'].map((m) => qc.invalidateQueries({ queryKey: [m] })));
}

const none: ReadonlySet<number> = new Set();

export function useDecisions() {
  const client = useEngine();
  const qc = useQueryClient();
  const [refusals, setRefusals] = useState<ReadonlyMap<number, Refusal>>(() => new Map());

  const decide = useMutation<Output<'approvals.approve'>, AdloopError, Decision>({
    mutationFn: (d) =>
      d.kind === 'approve'
        ? client.call('approvals.approve', d.amounts ? { ids: d.ids, amounts: d.amounts } : { ids: d.ids })
        : client.call('approvals.reject', { ids: d.ids }),
    onSuccess: (res, d) => setRefusals((prev) => mergeRefusals(prev, d.ids, res.refused)),
    onSettled: () => refreshApprovals(qc),
  });

  const undo = useMutation<Output<'approvals.undo'>, AdloopError, number>({
    mutationFn: (id) => client.call('approvals.undo', { id }),
    onSettled: () => refreshApprovals(qc),
  });

  const pending = useMemo<ReadonlySet<number>>(() => {
    const ids = new Set<number>();
    if (decide.isPending && decide.variables) for (const id of decide.variables.ids) ids.add(id);
    if (undo.isPending && undo.variables !== undefined) ids.add(undo.variables);
    return ids.size ? ids : none;
  }, [decide.isPending, decide.variables, undo.isPending, undo.variables]);

  // Stable callbacks, so memoised rows do not all re-render when one decision is pending.
  const { mutate: mutateDecision } = decide;
  const { mutate: mutateUndo } = undo;
  const approve = useCallback(
    (ids: number[], amounts?: Record<string, number>) => mutateDecision(amounts ? { kind: 'approve', ids, amounts } : { kind: 'approve', ids }),
    [mutateDecision],
  );
  const reject = useCallback((ids: number[]) => mutateDecision({ kind: 'reject', ids }), [mutateDecision]);
  const undoChange = useCallback((id: number) => mutateUndo(id), [mutateUndo]);

  return {
    approve,
    reject,
    undo: undoChange,
    pending,
    busy: decide.isPending || undo.isPending,
    refusals,
    lastResult: decide.data ?? null,
    error: decide.error ?? undo.error,
    undone: undo.data ?? null,
  };
}

export type Decisions = ReturnType<typeof useDecisions>;
