// Runs a bench module in a worker thread with the engine's V8 resource limits, so timings of
// engine-side code are taken under the heap the engine really has (workers/engine/heap.ts).
import { Worker } from 'node:worker_threads';
import { engineResourceLimits } from '../../workers/engine/heap';

export function runInEngineThread(moduleUrl: string, data: Record<string, unknown> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./engine-thread-entry.mjs', import.meta.url), {
      workerData: { module: moduleUrl, ...data },
      resourceLimits: engineResourceLimits,
    });
    w.once('error', reject);
    w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench thread exited with code ${code}`))));
  });
}
