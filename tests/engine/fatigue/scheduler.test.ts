// The fatigue scan schedule with a fake clock over a real on-disk database: due times, catch-up
// after a simulated sleep, no overlapping scans, and the schedule surviving a restart.
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../workers/engine/clock';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { createScanRunner } from '../../../workers/engine/services/fatigue/runner';
import type { ScanOutcome } from '../../../workers/engine/services/fatigue/scan';
import { createScheduler, readSchedule } from '../../../workers/engine/services/fatigue/scheduler';
import { memoryLogger } from '../../helpers/silent-log';
import { freshWorkspace } from '../../helpers/workspace';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T08:00:00Z');

function fakeClock(start = T0) {
  let t = start;
  const timers: Array<{ fn: () => void; ms: number }> = [];
  let cleared = 0;
  const clock: Clock & { set(v: number): void; advance(ms: number): void; timers: typeof timers; cleared(): number } = {
    now: () => t,
    setInterval: (fn, ms) => timers.push({ fn, ms }),
    clearInterval: () => void cleared++,
    set: (v) => void (t = v),
    advance: (ms) => void (t += ms),
    timers,
    cleared: () => cleared,
  };
  return clock;
}

/** A stand-in scan that records its triggers and can be held open to test overlap. */
function fakeScans() {
  const triggers: string[] = [];
  let hold: Promise<void> | null = null;
  let release = () => {};
  const runner = createScanRunner(async (trigger) => {
    triggers.push(trigger);
    if (hold) await hold;
    return {} as ScanOutcome;
  });
  return {
    runner,
    triggers,
    holdNext() {
      hold = new Promise<void>((r) => (release = r));
    },
    release: () => {
      hold = null;
      release();
    },
  };
}

const dbs: Database[] = [];
async function open(dir: string): Promise<Database> {
  const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close();
});

function scheduler(db: Database, clock: Clock, scans: ReturnType<typeof fakeScans>, hours = 2) {
  return createScheduler({ db, kind: 'fatigue.scan', clock, log: memoryLogger(), intervalHours: async () => hours, run: (t) => scans.runner.run(t), tickMs: 60_000, jumpMs: 120_000 });
}

describe('fatigue scan scheduler', () => {
  it('first start scans at once; then every interval after the last scan finished', async () => {
    const db = await open(await freshWorkspace('sched-due'));
    const clock = fakeClock();
    const scans = fakeScans();
    const s = scheduler(db, clock, scans);
    await s.start();
    expect(scans.triggers).toEqual(['schedule']);
    expect(clock.timers).toHaveLength(1);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 2 * H);

    // Tick every minute: nothing until 2 h have passed.
    for (let m = 1; m < 120; m++) {
      clock.advance(60_000);
      await s.tick();
    }
    expect(scans.triggers).toEqual(['schedule']);
    clock.advance(60_000);
    await s.tick();
    expect(scans.triggers).toEqual(['schedule', 'schedule']);
    expect((await readSchedule(db, 'fatigue.scan'))!).toMatchObject({ nextDueAt: T0 + 4 * H, lastStartedAt: T0 + 2 * H });
    await s.stop();
    expect(clock.cleared()).toBe(1);
  });

  it('after a 7-hour sleep the first tick runs ONE catch-up scan, recorded as a wake', async () => {
    const db = await open(await freshWorkspace('sched-sleep'));
    const clock = fakeClock();
    const scans = fakeScans();
    const s = scheduler(db, clock, scans);
    await s.start();
    clock.advance(7 * H); // the lid was closed: no tick fired meanwhile
    await s.tick();
    expect(scans.triggers).toEqual(['schedule', 'wake']);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 9 * H);
    clock.advance(60_000);
    await s.tick();
    expect(scans.triggers).toHaveLength(2);
    // The shell's explicit wake when nothing is due does nothing.
    expect(await s.wake()).toBe(false);
    await s.stop();
  });

  it('a jump that is not yet due runs nothing; the shell telling it woke after the due time catches up', async () => {
    const db = await open(await freshWorkspace('sched-wake'));
    const clock = fakeClock();
    const scans = fakeScans();
    const s = scheduler(db, clock, scans);
    await s.start();
    clock.advance(H);
    await s.tick();
    expect(scans.triggers).toEqual(['schedule']);
    clock.advance(90 * 60_000);
    expect(await s.wake()).toBe(true);
    expect(scans.triggers).toEqual(['schedule', 'wake']);
    await s.stop();
  });

  it('never runs two scans at once: ticks and wakes during a long scan start nothing new', async () => {
    const db = await open(await freshWorkspace('sched-overlap'));
    const clock = fakeClock();
    const scans = fakeScans();
    const s = scheduler(db, clock, scans);
    scans.holdNext();
    const started = s.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(scans.runner.running).toBe(true);
    // The scan takes 3 h of (fake) time; meanwhile ticks, a wake and a manual request arrive.
    clock.advance(3 * H);
    const during = [s.tick(), s.wake(), scans.runner.run('manual')];
    await new Promise((r) => setTimeout(r, 50));
    expect(scans.triggers).toEqual(['schedule']);
    scans.release();
    await started;
    const [, , manual] = await Promise.all(during);
    expect((manual as { joined: boolean }).joined).toBe(true);
    // Due 2 h after the scan FINISHED, so the queued checks found nothing due.
    expect(scans.triggers).toEqual(['schedule']);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 5 * H);
    await s.stop();
  });

  it('the schedule survives a restart: not due → nothing; overdue at start → one catch-up', async () => {
    const dir = await freshWorkspace('sched-restart');
    const clock = fakeClock();
    let db = await open(dir);
    let scans = fakeScans();
    let s = scheduler(db, clock, scans, 4);
    await s.start();
    await s.stop();
    await db.close();
    dbs.splice(dbs.indexOf(db), 1);

    clock.advance(3 * H);
    db = await open(dir);
    scans = fakeScans();
    s = scheduler(db, clock, scans, 4);
    await s.start();
    expect(scans.triggers).toEqual([]);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 4 * H);
    await s.stop();
    await db.close();
    dbs.splice(dbs.indexOf(db), 1);

    clock.advance(24 * H); // the app was closed for a day
    db = await open(dir);
    scans = fakeScans();
    s = scheduler(db, clock, scans, 4);
    await s.start();
    expect(scans.triggers).toEqual(['schedule']);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 27 * H + 4 * H);
    await s.stop();
  });

  it('a check that fails (the database refused) does not stop later ticks', async () => {
    const db = await open(await freshWorkspace('sched-dberr'));
    const clock = fakeClock();
    const scans = fakeScans();
    let failNext = true;
    const flaky = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return (...args: Parameters<Database['query']>) => {
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('database busy'));
            }
            return target.query(...args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const s = scheduler(flaky, clock, scans);
    await expect(s.start()).rejects.toThrow('database busy');
    expect(scans.triggers).toEqual([]);
    clock.advance(60_000);
    await s.tick();
    expect(scans.triggers).toEqual(['schedule']);
    await s.stop();
  });

  it('a failing scan still moves the schedule on (no retry storm every tick)', async () => {
    const db = await open(await freshWorkspace('sched-fail'));
    const clock = fakeClock();
    let calls = 0;
    const s = createScheduler({
      db, kind: 'fatigue.scan', clock, log: memoryLogger(), intervalHours: async () => 2,
      run: async () => {
        calls++;
        throw new Error('disk full');
      },
    });
    await s.start();
    clock.advance(60_000);
    await s.tick();
    expect(calls).toBe(1);
    expect((await readSchedule(db, 'fatigue.scan'))!.nextDueAt).toBe(T0 + 2 * H);
    await s.stop();
  });
});
