// The allocation this window ran last. It outlives a switch to another view (the engine's stored
// copy of a run does not keep its ad pauses), and is replaced by the next run.
import { create } from 'zustand';
import type { Allocation } from '../../../../contract';

interface RunState {
  lastRun: Allocation | null;
  setLastRun(run: Allocation): void;
}

export const useLastRun = create<RunState>((set) => ({
  lastRun: null,
  setLastRun: (lastRun) => set({ lastRun }),
}));
