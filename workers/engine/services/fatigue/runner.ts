// One scan at a time: a request while a scan runs joins it (gets the same result, joined: true)
// instead of starting a second one over the same rows.
import type { ScanSummary } from '../../../../contract';
import type { ScanOutcome } from './scan';

export interface ScanRunner {
  run(trigger: ScanSummary['trigger']): Promise<{ outcome: ScanOutcome; joined: boolean }>;
  readonly running: boolean;
  /** Resolves when no scan is running (used before the database closes). */
  idle(): Promise<void>;
}

export function createScanRunner(scan: (trigger: ScanSummary['trigger']) => Promise<ScanOutcome>): ScanRunner {
  let current: Promise<ScanOutcome> | null = null;
  return {
    get running() {
      return current !== null;
    },
    async run(trigger) {
      if (current) return { outcome: await current, joined: true };
      const p = scan(trigger);
      current = p;
      try {
        return { outcome: await p, joined: false };
      } finally {
        current = null;
      }
    },
    async idle() {
      if (current) await current.catch(() => undefined);
    },
  };
}
