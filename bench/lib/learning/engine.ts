// Shared by the learning benches: an in-process engine on a fresh on-disk workspace, connected to
// emulators in their own process, and a cycle run to completion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LearningRun } from '../../../contract';
import { openEngine, type Engine } from '../../../workers/engine/engine';
import { getJob } from '../../../workers/engine/jobs/queue';
import { createLogger } from '../../../workers/log';

export interface BenchEngine {
  engine: Engine;
  dir: string;
  call<T>(method: string, params: unknown): Promise<T>;
  close(): Promise<void>;
}


export async function benchEngine(prefix: string): Promise<BenchEngine> {
  // The sync tokens live in the OS keychain in the app; a bench keeps them in memory.
  process.env.ADLOOP_SECRET_STORE = 'memory';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const engine = await openEngine({
    dataDir: dir,
    // Warnings and errors only, on stderr: stdout carries the metrics.
    log: createLogger({ component: 'bench', pretty: false, sink: (l) => (/"level":"(warn|error)"/.test(l) ? process.stderr.write(l + '\n') : undefined) }),
    emit: () => undefined,
    jobPollMs: 20,
  });
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const res = await engine.dispatch({ id: 1, method, params });
    if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
    return res.result as T;
  };
  return {
    engine,
    dir,
    call,
    close: async () => {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one learning cycle and returns its run record (throws unless it finished). */
export async function runCycle(b: BenchEngine): Promise<LearningRun> {
  const { jobId } = await b.call<{ jobId: number }>('learning.run', {});
  for (;;) {
    const job = await getJob(b.engine.db, jobId);
    if (job && ['done', 'failed', 'cancelled'].includes(job.state)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const [run] = await b.call<LearningRun[]>('learning.runs', { limit: 1 });
  if (run?.state !== 'done') throw new Error(`cycle ${run?.id} ended ${run?.state}: ${run?.error}`);
  return run;
}
