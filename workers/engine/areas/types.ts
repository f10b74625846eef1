// What an area of the engine (fatigue, winners, sync …) gets to build its handlers and background
// work. Each area owns a slice of the method table; engine.ts only composes the slices.
import type { EventName, EventPayload, Handlers, LearningStepId } from '../../../contract';
import type { Logger } from '../../log';
import type { Clock } from '../clock';
import type { Database } from '../db';
import type { EnqueueInput, Job } from '../jobs/queue';
import type { JobHandler } from '../jobs/runner';
import type { CycleStep } from '../learning/cycle';

export interface AreaDeps {
  db: Database;
  log: Logger;
  dataDir: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Emits workspace.changed with the reason and returns the value (for one-line handlers). */
  changed<T>(reason: string, value: T): T;
  /** Registers work to stop before the database closes (schedulers, pools); run in reverse order. */
  onClose(fn: () => Promise<void> | void): void;
  /** The durable job queue: long work registers a handler per kind and enqueues jobs. */
  jobs: {
    register(kind: string, handler: JobHandler): void;
    enqueue(input: EnqueueInput): Promise<{ job: Job; created: boolean }>;
  };
  /** The learning cycle: the area that owns a step's capability provides it. */
  cycle: {
    register(step: LearningStepId, fn: CycleStep): void;
  };
  /** Wall clock and timers for background work (a fake one in tests). */
  clock: Clock;
  /**
   * Run background work (schedulers). True in long-lived hosts (`adloop serve`, the desktop app);
   * false for one-shot commands, which must not start a scan on the way to `adloop call`.
   */
  background: boolean;
}

/** The handlers of the methods named in M (a slice of the contract's method table). */
export type AreaHandlers<M> = Pick<Handlers, Extract<keyof M, keyof Handlers>>;
