// The scan schedule. next_due_at lives in the database (table schedules), so a restart, a crash
// or a week with the lid closed never loses it: whenever the engine looks — on start, on every
// tick, when told the machine woke — an overdue scan runs once (never once per missed interval),
// and the next one is due an interval after it finished.
//
// Sleep: timers do not fire while the machine sleeps, and after it wakes the first tick sees the
// wall clock jumped further than one tick. That is the headless host's wake detection; the
// Electron shell also calls fatigue.wake on powerMonitor 'resume'. Either way the catch-up scan
// is recorded with trigger 'wake'.
import type { ScanSummary } from '../../../../contract';
import type { Clock } from '../../clock';
import type { Database } from '../../db';
import type { Logger } from '../../../log';

type Tx = Pick<Database, 'query'>;
type Trigger = ScanSummary['trigger'];

export interface ScheduleRow {
  nextDueAt: number;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
}

export async function readSchedule(db: Tx, kind: string): Promise<ScheduleRow | null> {
  const res = await db.query<{ next_due_at: Date; last_started_at: Date | null; last_finished_at: Date | null }>(
    `select next_due_at, last_started_at, last_finished_at from schedules where kind = $1`,
    [kind],
  );
  const r = res.rows[0];
  if (!r) return null;
  const ms = (v: Date | null) => (v === null ? null : new Date(v).getTime());
  return { nextDueAt: new Date(r.next_due_at).getTime(), lastStartedAt: ms(r.last_started_at), lastFinishedAt: ms(r.last_finished_at) };
}

async function writeSchedule(db: Tx, kind: string, row: ScheduleRow): Promise<void> {
  const ts = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  await db.query(
    `insert into schedules (kind, next_due_at, last_started_at, last_finished_at, updated_at) values ($1, $2, $3, $4, now())
     on conflict (kind) do update set next_due_at = excluded.next_due_at, last_started_at = excluded.last_started_at,
                                      last_finished_at = excluded.last_finished_at, updated_at = now()`,
    [kind, ts(row.nextDueAt), ts(row.lastStartedAt), ts(row.lastFinishedAt)],
  );
}

export interface SchedulerOptions {
  db: Database;
  kind: string;
  clock: Clock;
  /** Hours between runs, read when the next run is scheduled (the setting may change). */
  intervalHours: () => Promise<number>;
  /** Runs the job; while one runs, a second call must join it rather than start another. */
  run: (trigger: Trigger) => Promise<unknown>;
  log: Logger;
  /** How often the clock is looked at. */
  tickMs?: number;
  /**
   * Automation paused by the user (tray, Settings): a due job waits, and runs once when resumed.
   * Manual runs are not affected.
   */
  paused?: () => Promise<boolean>;
  /** A new schedule's first run: at once (default), or one interval after the schedule is made. */
  firstRun?: 'now' | 'after-interval';
  /** A tick later than tickMs by more than this means the machine slept (or the clock jumped). */
  jumpMs?: number;
}

export interface Scheduler {
  /** Creates the schedule on first use (due at once), runs an overdue job, starts ticking. */
  start(): Promise<void>;
  /** One look at the clock; what the interval timer calls. */
  tick(): Promise<void>;
  /** The machine woke: run the job now if it is due. Resolves whether it ran. */
  wake(): Promise<boolean>;
  /** After any run of the job (also manual ones): the next one is due an interval later. */
  ran(startedAt: number, finishedAt: number): Promise<void>;
  state(): Promise<ScheduleRow | null>;
  stop(): Promise<void>;
}

export function createScheduler(o: SchedulerOptions): Scheduler {
  const tickMs = o.tickMs ?? 60_000;
  const jumpMs = o.jumpMs ?? 120_000;
  let timer: unknown = null;
  let lastTick = o.clock.now();
  let stopped = false;
  // One due-check at a time: a tick landing while the previous check's job still runs waits for
  // it, then sees the new next_due_at and does nothing.
  let checking: Promise<boolean> = Promise.resolve(false);

  const ensure = async (): Promise<ScheduleRow> => {
    const row = await readSchedule(o.db, o.kind);
    if (row) return row;
    const first = o.firstRun === 'after-interval' ? o.clock.now() + (await o.intervalHours()) * 3_600_000 : o.clock.now();
    const fresh = { nextDueAt: first, lastStartedAt: null, lastFinishedAt: null };
    await writeSchedule(o.db, o.kind, fresh);
    return fresh;
  };

  const ran = async (startedAt: number, finishedAt: number) => {
    const hours = await o.intervalHours();
    await writeSchedule(o.db, o.kind, { nextDueAt: finishedAt + hours * 3_600_000, lastStartedAt: startedAt, lastFinishedAt: finishedAt });
  };

  const checkDue = (trigger: Trigger): Promise<boolean> => {
    // A failed check (the database refused a read) must not jam the chain for every later tick.
    checking = checking.catch(() => false).then(async () => {
      if (stopped) return false;
      const row = await ensure();
      if (o.clock.now() < row.nextDueAt) return false;
      if (o.paused && (await o.paused())) return false;
      o.log.info('scheduled job due', { kind: o.kind, trigger, dueAt: new Date(row.nextDueAt).toISOString() });
      const startedAt = o.clock.now();
      try {
        await o.run(trigger);
      } catch (e) {
        // A failed run still moves the schedule on: retrying every tick would hammer a broken
        // workspace; the failure is in the scan row and the log.
        o.log.warn('scheduled job failed', { kind: o.kind, error: String(e) });
      }
      await ran(startedAt, o.clock.now());
      return true;
    });
    return checking;
  };

  return {
    async start() {
      stopped = false;
      lastTick = o.clock.now();
      timer = o.clock.setInterval(() => {
        void this.tick().catch((e: unknown) => o.log.warn('scheduler tick failed', { kind: o.kind, error: String(e) }));
      }, tickMs);
      await checkDue('schedule');
    },
    async tick() {
      const now = o.clock.now();
      const gapMs = now - lastTick;
      const slept = gapMs > tickMs + jumpMs;
      lastTick = now;
      if (slept) o.log.info('clock jumped: the machine slept or the time changed', { kind: o.kind, gapMs });
      await checkDue(slept ? 'wake' : 'schedule');
    },
    wake() {
      lastTick = o.clock.now();
      return checkDue('wake');
    },
    ran,
    state: () => readSchedule(o.db, o.kind),
    async stop() {
      stopped = true;
      if (timer !== null) o.clock.clearInterval(timer);
      timer = null;
      await checking.catch(() => undefined);
    },
  };
}
