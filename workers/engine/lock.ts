// The workspace lock. PGlite is single-user Postgres: two openers of one data folder corrupt it
// without any error, so the engine takes this lock before it opens the database.
//
// The lock file holds the owner's pid and the owner process's start time. A lock is stale when
// its pid is dead, or alive but started at another time (the pid was reused after a crash).
import fs from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { AdloopError } from '../../contract';

export interface LockInfo {
  pid: number;
  /** Process start time, ms since epoch. */
  startedAt: number;
  hostname: string;
  /** Distinguishes two owners in the same process (threads) and lets a host release it. */
  nonce: string;
  acquiredAt: string;
}

export interface HeldLock {
  info: LockInfo;
  path: string;
  release(): void;
}

const START_TOLERANCE_MS = 5_000;

/** This process's start time, ms since epoch (what a lock records). */
export function processStartTime(): number {
  return linuxStartTime(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000);
}

/** Start time of a pid from /proc (Linux), or null where /proc is not there. */
export function linuxStartTime(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks since boot); the command name (field 2) may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/btime (\d+)/.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return null;
    return btime * 1000 + Math.round((ticks * 1000) / 100); // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the recorded owner is still running (same host only; another host counts as alive). */
export function isLockLive(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return true;
  if (!isPidAlive(info.pid)) return false;
  const actual = info.pid === process.pid ? processStartTime() : linuxStartTime(info.pid);
  if (actual === null) return true;
  return Math.abs(actual - info.startedAt) <= START_TOLERANCE_MS;
}

function readLock(file: string): LockInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'number') return null;
    return parsed as LockInfo;
  } catch {
    return null;
  }
}

function lockedError(file: string, info: LockInfo): AdloopError {
  const same = info.pid === process.pid;
  return new AdloopError(
    'DatabaseLocked',
    same
      ? `This workspace is already open in this process (pid ${info.pid}); close it first.`
      : `This workspace is open in another Adloop process (pid ${info.pid} on ${info.hostname}, since ${info.acquiredAt}). Close that one first — two openers would corrupt the database.`,
    { details: { pid: info.pid, hostname: info.hostname, lockFile: file } },
  );
}

export function acquireLock(file: string): HeldLock {
  const info: LockInfo = {
    pid: process.pid,
    startedAt: processStartTime(),
    hostname: os.hostname(),
    nonce: randomUUID(),
    acquiredAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(info));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return { info, path: file, release: () => releaseLock(file, info.nonce) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const existing = readLock(file);
    if (existing === null) {
      // A half-written lock: its writer is between open and write, or died there. Give a live
      // writer a moment; an old unreadable file is stale.
      const age = Date.now() - safeMtime(file);
      if (age < 2_000) {
        sleepSync(100);
        continue;
      }
    } else if (isLockLive(existing)) {
      throw lockedError(file, existing);
    }
    takeOverStale(file, existing);
  }
  throw new AdloopError('DatabaseLocked', `Could not take the workspace lock ${file}; another opener keeps racing for it.`, {
    details: { lockFile: file },
  });
}

/**
 * Move a stale lock aside. If another process replaced the stale lock with a live one between
 * our read and our rename, we took a live lock: put it back and report the owner.
 */
function takeOverStale(file: string, judged: LockInfo | null): void {
  const aside = `${file}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readLock(aside);
  if (judged && moved && moved.nonce !== judged.nonce && isLockLive(moved)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // Someone else already holds `file` again; either way the workspace is taken.
    }
    fs.rmSync(aside, { force: true });
    throw lockedError(file, moved);
  }
  fs.rmSync(aside, { force: true });
}

/** Remove the lock only if it is still ours (never delete a lock another opener took over). */
export function releaseLock(file: string, nonce: string): void {
  const current = readLock(file);
  if (current && current.nonce === nonce) fs.rmSync(file, { force: true });
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
