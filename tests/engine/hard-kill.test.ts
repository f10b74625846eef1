import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHandle } from '../../workers';
import { openDatabase } from '../../workers/engine/db';
import { exited, spawnTs } from '../helpers/child';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

describe('hard kill', () => {
  it('SIGKILL mid-write leaves a database that opens again and holds every committed row', async () => {
    const dir = await freshWorkspace('kill');
    const writer = spawnTs('tests/engine/fixtures/writer.mts', [dir]);
    await writer.waitFor(/committed 40$/, 90_000);
    writer.kill('SIGKILL');
    await exited(writer);
    const committed = Math.max(...writer.lines.map((l) => Number(/committed (\d+)/.exec(l)?.[1] ?? 0)));
    expect(committed).toBeGreaterThanOrEqual(40);

    // The dead writer's lock is stale: a new engine takes it over and opens the database.
    engine = await startEngine({ dataDir: dir });
    const info = await engine.client.call('engine.info', {});
    expect(info.pid).toBe(process.pid);
    await engine.close();
    engine = null;

    const db = await openDatabase({ dataDir: `${dir}/pgdata` });
    try {
      const res = await db.query<{ n: number; max: number }>(
        `select count(*)::int as n, max(substring(id from 2)::int) as max from campaigns where account_id = 'kill'`,
      );
      // Every row whose commit was reported is there (one more may have committed unreported).
      expect(res.rows[0]!.n).toBeGreaterThanOrEqual(committed);
      expect(res.rows[0]!.n).toBe(res.rows[0]!.max);
    } finally {
      await db.close();
    }
  });
});
