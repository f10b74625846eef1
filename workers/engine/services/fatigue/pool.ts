// Runs the fatigue detector over a whole account on a piscina pool: the ads are cut into one
// chunk per thread (by rows, so chunks cost about the same), each chunk's columns are copied into
// fresh buffers and transferred, and the columnar results are stitched back in ad order.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FatigueBatchInput, FatigueBatchResult, PartialFatigueSettings } from '../../../domain/fatigue';
import fatigueTask, { type FatigueTask } from './task';

export interface DetectJob {
  input: FatigueBatchInput;
  accountCpm: Float64Array;
  dayCount: number;
  asOf: number;
  settings?: PartialFatigueSettings;
}

export interface FatiguePool {
  /** Number of worker threads (0: the math runs on the calling thread). */
  readonly threads: number;
  /** The task file the threads load (null: inline). */
  readonly file: string | null;
  run(job: DetectJob, onChunk?: (done: number, total: number) => void): Promise<FatigueBatchResult>;
  close(): Promise<void>;
}

/**
 * The worker file: the tsx shim next to this file in source mode (dev, tests, `adloop serve` from
 * a checkout); a built `task.js` beside the bundle when present. Null when neither exists (a
 * bundle that did not emit the task as its own entry): the pool then runs inline.
 */
function taskFile(): string | null {
  const self = import.meta.url;
  const candidate = fileURLToPath(new URL(self.endsWith('.ts') ? './task-entry.mjs' : './task.js', self));
  return fs.existsSync(candidate) ? candidate : null;
}

/**
 * `file` overrides where the task is loaded from: a built desktop app bundles the engine into a
 * chunk beside which no `task.js` exists, so the shell passes the task's own built path.
 */
export function createFatiguePool(opts: { threads?: number; file?: string } = {}): FatiguePool {
  const file = opts.file && fs.existsSync(opts.file) ? opts.file : taskFile();
  const threads = file === null ? 0 : Math.max(0, opts.threads ?? Math.min(4, os.availableParallelism()));
  if (threads === 0) {
    return {
      threads: 0,
      file: null,
      async run(job, onChunk) {
        const out = fatigueTask(job);
        onChunk?.(1, 1);
        return out;
      },
      async close() {},
    };
  }
  const piscina = new Piscina({ filename: file!, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  return {
    threads,
    file,
    async run(job, onChunk) {
      const nAds = job.input.offsets.length - 1;
      if (nAds === 0) return fatigueTask(job);
      const bounds = chunkBounds(job.input.offsets, threads);
      let done = 0;
      const parts = await Promise.all(
        bounds.map(async ([a, b]) => {
          const task = sliceTask(job, a, b);
          const res = (await piscina.run(task, { transferList: transferables(task) })) as FatigueBatchResult;
          onChunk?.(++done, bounds.length);
          return { a, res };
        }),
      );
      return stitch(nAds, parts);
    },
    async close() {
      await piscina.destroy();
    },
  };
}

/** Ad ranges [a, b) with about the same number of rows each. */
export function chunkBounds(offsets: Int32Array, chunks: number): Array<[number, number]> {
  const nAds = offsets.length - 1;
  const rows = offsets[nAds]!;
  const out: Array<[number, number]> = [];
  let a = 0;
  for (let c = 1; c <= chunks && a < nAds; c++) {
    const target = Math.round((rows * c) / chunks);
    let b = a + 1;
    while (b < nAds && offsets[b]! < target) b++;
    if (c === chunks) b = nAds;
    out.push([a, b]);
    a = b;
  }
  return out;
}

function sliceTask(job: DetectJob, a: number, b: number): FatigueTask {
  const { input } = job;
  const r0 = input.offsets[a]!;
  const r1 = input.offsets[b]!;
  const offsets = new Int32Array(b - a + 1);
  for (let i = a; i <= b; i++) offsets[i - a] = input.offsets[i]! - r0;
  const sliced: FatigueBatchInput = {
    offsets,
    day: input.day.slice(r0, r1),
    impressions: input.impressions.slice(r0, r1),
    clicks: input.clicks.slice(r0, r1),
    spend: input.spend.slice(r0, r1),
    reach: input.reach.slice(r0, r1),
    audience: input.audience.slice(a, b),
  };
  if (input.account) sliced.account = input.account.slice(a, b);
  if (input.cumulativeReach) sliced.cumulativeReach = input.cumulativeReach.slice(r0, r1);
  const task: FatigueTask = { input: sliced, accountCpm: job.accountCpm.slice(), dayCount: job.dayCount, asOf: job.asOf };
  if (job.settings) task.settings = job.settings;
  return task;
}

function transferables(t: FatigueTask): ArrayBuffer[] {
  const i = t.input;
  const arrays = [i.offsets, i.day, i.impressions, i.clicks, i.spend, i.reach, i.audience, i.account, i.cumulativeReach, t.accountCpm];
  return arrays.filter((x) => x !== undefined).map((x) => x.buffer as ArrayBuffer);
}

type Column = Exclude<FatigueBatchResult[keyof FatigueBatchResult], undefined>;

function stitch(nAds: number, parts: Array<{ a: number; res: FatigueBatchResult }>): FatigueBatchResult {
  const first = parts[0]!.res;
  const out = {} as Record<keyof FatigueBatchResult, Column>;
  for (const key of Object.keys(first) as Array<keyof FatigueBatchResult>) {
    const Ctor = (first[key] as Column).constructor as new (n: number) => Column;
    const col = new Ctor(nAds);
    for (const { a, res } of parts) (col as Float64Array).set(res[key] as Float64Array, a);
    out[key] = col;
  }
  return out as unknown as FatigueBatchResult;
}
