// AreaDeps for testing one engine area against a real database without the whole engine: the
// job queue and the learning cycle are recorded, not run.
import type { AreaDeps } from '../../workers/engine/areas/types';
import { systemClock } from '../../workers/engine/clock';
import type { Database } from '../../workers/engine/db';
import type { Logger } from '../../workers/log';

export function testAreaDeps(db: Database, log: Logger, over: Partial<AreaDeps> = {}): AreaDeps {
  return {
    db,
    log,
    dataDir: '/nonexistent',
    emit: () => undefined,
    changed: (_reason, value) => value,
    onClose: () => undefined,
    clock: systemClock,
    background: false,
    jobs: {
      register: () => undefined,
      enqueue: async () => {
        throw new Error('testAreaDeps: no job queue here');
      },
    },
    cycle: { register: () => undefined },
    ...over,
  };
}
