// Source-mode entry for the engine worker: registers tsx inside the new thread (module hooks
// are per thread), then loads the TypeScript entry. Built apps load the bundled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
