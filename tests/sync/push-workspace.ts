// A workspace pulled from the Meta emulator with a connected sync area, for the push tests: the
// shared setup, the push call, and an approved change made through the real approval queue.
import { expect } from 'vitest';
import type { CallContext } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { syncArea } from '../../workers/engine/areas/sync';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { approve, propose } from '../../workers/engine/services/approvals';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { testAreaDeps } from '../helpers/area-deps';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

export interface PushWorkspace {
  db: Database;
  emu: Emulators;
  area: ReturnType<typeof syncArea>;
  push(): ReturnType<ReturnType<typeof syncArea>['sync.push']>;
  /** Ad sets with their own budget (ABO): the ones a budget change can target. */
  abo(): Emulators['sim']['adSets'];
  writesTo(id: string): Emulators['meta']['writes'];
  approved(p: { targetType: 'ad_set' | 'ad'; targetId: string; changeType: 'set_budget' | 'pause'; proposedBudget?: number }): Promise<number>;
  close(): Promise<void>;
}

export async function openPushWorkspace(name: string, opts: { seed: number; ads: number }): Promise<PushWorkspace> {
  const ctx: CallContext = { requestId: 't', progress: () => undefined };
  const db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace(name)).pgdata });
  const emu = await startEmulators({ seed: opts.seed, ads: opts.ads, days: 10, endDay: yesterday() });
  const area = syncArea(testAreaDeps(db, memoryLogger()), new MemorySecretStore());
  await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
  expect((await area['sync.run']({ source: 'meta', metaUrl: emu.meta.url }, ctx)).results[0]!.status).toBe('ok');
  let key = 0;
  return {
    db,
    emu,
    area,
    push: () => area['sync.push']({ metaUrl: emu.meta.url }, ctx),
    abo: () => emu.sim.adSets.filter((s) => s.dailyBudget !== null),
    writesTo: (id) => emu.meta.writes.filter((w) => w.id === id),
    async approved(p) {
      const { change } = await propose(db, { accountId: emu.sim.accounts[0]!.id, origin: 'user', reason: 'test', idempotencyKey: `${name}-${++key}`, ...p });
      expect((await approve(db, { ids: [change.id] })).refused).toEqual([]);
      return change.id;
    },
    async close() {
      await emu.close();
      await db.close();
    },
  };
}
