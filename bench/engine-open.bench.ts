// Engine open + migrate on an existing workspace (target ≤ 500 ms median), with a bare PGlite
// reopen of the same folder in the same run as the reference (what the engine adds on top).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startEngine } from '../workers';
import { openEngine } from '../workers/engine/engine';
import { workspaceLayout } from '../workers/engine/layout';
import { createLogger } from '../workers/log';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const emit = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, ...extra }) + '\n');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-bench-open-'));
const log = createLogger({ component: 'bench', sink: () => undefined });
// First open creates the database (initdb + all migrations); it is not what we measure.
await (await openEngine({ dataDir: dir, log, emit: () => undefined })).close();

const engineMs: number[] = [];
const bareMs: number[] = [];
const workerMs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  const bare = await PGlite.create({ dataDir: workspaceLayout(dir).pgdata });
  bareMs.push(performance.now() - t);
  await bare.close();

  t = performance.now();
  const engine = await openEngine({ dataDir: dir, log, emit: () => undefined });
  engineMs.push(performance.now() - t);
  await engine.close();

  t = performance.now();
  const handle = await startEngine({ dataDir: dir });
  workerMs.push(performance.now() - t);
  await handle.close();
}
const e = median(engineMs);
const b = median(bareMs);
emit('engine.open_migrate_ms', e, 'ms', { target: '<= 500', runs: RUNS, reference: 'pglite.reopen_bare_ms', ratio: Math.round((e / b) * 100) / 100 });
emit('pglite.reopen_bare_ms', b, 'ms', { runs: RUNS });
emit('engine.start_worker_thread_ms', median(workerMs), 'ms', { runs: RUNS, note: 'startEngine from source: worker spawn + tsx + open + migrate' });
fs.rmSync(dir, { recursive: true, force: true });
