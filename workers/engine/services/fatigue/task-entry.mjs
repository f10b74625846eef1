// Source-mode entry of the fatigue piscina worker: registers tsx inside the new thread (module
// hooks are per thread, as in workers/engine/worker-entry.mjs), then re-exports the TS task.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./task.ts');
export default mod.default;
