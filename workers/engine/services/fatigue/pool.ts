// Runs the fatigue detector over a whole account on a piscina pool: the ads are cut into chunks
// (by rows, so chunks cost about the same), each chunk's columns are views when they are in shared
// memory (the scan's read puts them there) or else copied into fresh buffers and transferred, and
// the columnar results are stitched back in ad order. A scan also has each chunk
// encoded as finding lines on its thread and handed over as soon as it is done (runWithLines), so
// the engine thread writes chunk k while the threads still work on the later ones.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { FatigueBatchInput, FatigueBatchResult, PartialFatigueSettings } from '../../../domain/fatigue';
import type { FindingRowsSpec } from './finding-rows';
import fatigueTask, { type FatigueTask, type FatigueTaskWithLines } from './task';

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
  /**
   * Detects and also encodes every ad's finding line (rows covers all of the job's ads); each
   * chunk's lines go to onLines as soon as that chunk is done, in completion order.
   */
  runWithLines(job: DetectJob, rows: FindingRowsSpec, onLines: (lines: string) => void): Promise<FatigueBatchResult>;
  close(): Promise<void>;
}

/**
 * Chunks per thread when lines are wanted: more, smaller chunks let the first ones' lines be
 * written while the threads work on the rest; four keeps the per-chunk copies small.
 */
const CHUNKS_PER_THREAD_WITH_LINES = 4;

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
        const out = fatigueTask(job) as FatigueBatchResult;
        onChunk?.(1, 1);
        return out;
      },
      async runWithLines(job, rows, onLines) {
        const out = fatigueTask({ ...job, rows }) as FatigueTaskWithLines;
        onLines(out.lines);
        return out.result;
      },
      async close() {},
    };
  }
  const piscina = new Piscina({ filename: file!, minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  async function inChunks(
    job: DetectJob,
    chunks: number,
    rows: FindingRowsSpec | null,
    onPart: (res: FatigueBatchResult | FatigueTaskWithLines, done: number, total: number) => void,
  ): Promise<FatigueBatchResult> {
    const nAds = job.input.offsets.length - 1;
    // With lines, the first chunk of each thread is a quarter of the others: the engine thread
    // waits only for those before it starts writing, and then keeps writing while the rest come.
    const weights = rows ? Array.from({ length: chunks }, (_, c) => (c < threads ? 0.25 : 1)) : undefined;
    const bounds = chunkBounds(job.input.offsets, chunks, weights);
    let done = 0;
    const parts = await Promise.all(
      bounds.map(async ([a, b]) => {
        const task = sliceTask(job, a, b);
        if (rows) task.rows = sliceRows(rows, a, b);
        const res = (await piscina.run(task, { transferList: transferables(task) })) as FatigueBatchResult | FatigueTaskWithLines;
        onPart(res, ++done, bounds.length);
        return { a, res: rows ? (res as FatigueTaskWithLines).result : (res as FatigueBatchResult) };
      }),
    );
    return stitch(nAds, parts);
  }
  return {
    threads,
    file,
    async run(job, onChunk) {
      if (job.input.offsets.length - 1 === 0) return fatigueTask(job) as FatigueBatchResult;
      return inChunks(job, threads, null, (_res, done, total) => onChunk?.(done, total));
    },
    async runWithLines(job, rows, onLines) {
      if (job.input.offsets.length - 1 === 0) return fatigueTask(job) as FatigueBatchResult;
      return inChunks(job, threads * CHUNKS_PER_THREAD_WITH_LINES, rows, (res) => onLines((res as FatigueTaskWithLines).lines));
    },
    async close() {
      await piscina.destroy();
    },
  };
}

/**
 * Ad ranges [a, b) with about the same number of rows each, or in proportion to `weights` (one
 * per chunk) when given.
 */
export function chunkBounds(offsets: Int32Array, chunks: number, weights?: number[]): Array<[number, number]> {
  const nAds = offsets.length - 1;
  const rows = offsets[nAds]!;
  const w = weights ?? new Array<number>(chunks).fill(1);
  const total = w.reduce((x, y) => x + y, 0);
  const out: Array<[number, number]> = [];
  let a = 0;
  let acc = 0;
  for (let c = 1; c <= chunks && a < nAds; c++) {
    acc += w[c - 1]!;
    const target = Math.round((rows * acc) / total);
    let b = a + 1;
    while (b < nAds && offsets[b]! < target) b++;
    if (c === chunks) b = nAds;
    out.push([a, b]);
    a = b;
  }
  return out;
}

/** Rows [from, to) of a column: a view when it is in shared memory (the thread reads it in place), else a copy to transfer. */
function part<T extends Int32Array | Float64Array | Uint8Array>(col: T, from: number, to: number): T {
  return (col.buffer instanceof SharedArrayBuffer ? col.subarray(from, to) : col.slice(from, to)) as T;
}

function sliceTask(job: DetectJob, a: number, b: number): FatigueTask {
  const { input } = job;
  const r0 = input.offsets[a]!;
  const r1 = input.offsets[b]!;
  const offsets = new Int32Array(b - a + 1);
  for (let i = a; i <= b; i++) offsets[i - a] = input.offsets[i]! - r0;
  const sliced: FatigueBatchInput = {
    offsets,
    day: part(input.day, r0, r1),
    impressions: part(input.impressions, r0, r1),
    clicks: part(input.clicks, r0, r1),
    spend: part(input.spend, r0, r1),
    reach: part(input.reach, r0, r1),
    audience: input.audience.slice(a, b),
  };
  if (input.account) sliced.account = input.account.slice(a, b);
  if (input.cumulativeReach) sliced.cumulativeReach = part(input.cumulativeReach, r0, r1);
  const task: FatigueTask = { input: sliced, accountCpm: job.accountCpm.slice(), dayCount: job.dayCount, asOf: job.asOf };
  if (job.settings) task.settings = job.settings;
  return task;
}

function sliceRows(rows: FindingRowsSpec, a: number, b: number): FindingRowsSpec {
  const out: FindingRowsSpec = {
    scanId: rows.scanId,
    origin: rows.origin,
    adIds: rows.adIds.slice(a, b),
    audiences: rows.audiences.slice(a, b),
    previouslyFlagged: rows.previouslyFlagged.slice(a, b),
  };
  if (rows.settings) out.settings = rows.settings;
  return out;
}

function transferables(t: FatigueTask): ArrayBuffer[] {
  const i = t.input;
  const arrays = [i.offsets, i.day, i.impressions, i.clicks, i.spend, i.reach, i.audience, i.account, i.cumulativeReach, t.accountCpm, t.rows?.previouslyFlagged];
  // Shared memory is not transferred: the thread sees the same buffer.
  return arrays.filter((x) => x !== undefined && !(x.buffer instanceof SharedArrayBuffer)).map((x) => x!.buffer as ArrayBuffer);
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
