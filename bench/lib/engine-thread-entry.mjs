// Worker entry for benches that must run under the engine thread's heap settings: registers tsx in
// the new thread (module hooks are per thread), then loads the TypeScript module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
