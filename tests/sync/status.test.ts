// sync.status as the Pipeline view's status panel reads it: last and next pull, the limits each
// source reported in its reply headers (Meta usage %, HubSpot calls remaining), errors and
// "reconnect needed", against the emulators and a real PGlite.
import { testAreaDeps } from '../helpers/area-deps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { syncArea } from '../../workers/engine/areas/sync';
import { openDatabase, type Database } from '../../workers/engine/db';
import { updateSettings } from '../../workers/engine/handlers/settings';
import { workspaceLayout } from '../../workers/engine/layout';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
let emu: Emulators;
let area: ReturnType<typeof syncArea>;
const ctx: CallContext = { requestId: 't', progress: () => undefined };

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('sync-status')).pgdata });
  emu = await startEmulators({ seed: 9, ads: 30, days: 7, endDay: yesterday() });
  area = syncArea(testAreaDeps(db, memoryLogger()), new MemorySecretStore());
});
afterAll(async () => {
  await emu?.close();
  await db?.close();
});

const status = async () => {
  const s = await area['sync.status']({}, ctx);
  return { meta: s.sources.find((x) => x.source === 'meta')!, hubspot: s.sources.find((x) => x.source === 'hubspot')!, running: s.running };
};

describe('sync.status', () => {
  it('before any token: not connected, no limits, no next pull and why', async () => {
    const { meta, hubspot } = await status();
    for (const s of [meta, hubspot]) {
      expect(s).toMatchObject({ connected: false, reconnectNeeded: false, lastSuccessAt: null, limits: null, nextPullAt: null, lastCounts: {} });
      expect(s.nextPullNote).toContain('Not connected');
    }
  });

  it('after a pull: the limits the reply headers reported, what was read, and the next pull from the cycle schedule', async () => {
    await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
    await area['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: emu.hubspot.url }, ctx);
    emu.meta.forceUsage(62);
    const run = await area['sync.run']({ source: 'all', metaUrl: emu.meta.url, hubspotUrl: emu.hubspot.url }, ctx);
    expect(run.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    emu.meta.forceUsage(null);

    const { meta, hubspot } = await status();
    expect(meta.limits).toMatchObject({ usedPct: 62, peakPct: 62, remaining: null, blockedUntil: null });
    expect(hubspot.limits!.max).toBeGreaterThan(0);
    expect(hubspot.limits!.remaining).toBeLessThan(hubspot.limits!.max!); // the pull used some
    expect(hubspot.limits!.dailyRemaining).toBeGreaterThan(0);
    expect(hubspot.limits!.usedPct).toBe(Math.round(100 * (1 - hubspot.limits!.remaining! / hubspot.limits!.max!)));
    expect(meta.lastCounts).toMatchObject({ accounts: 1, insightRows: run.results[0]!.insightRows });
    expect(hubspot.lastCounts).toMatchObject({ deals: run.results[1]!.deals });
    expect(meta.lastSuccessAt).not.toBeNull();
    // No learning schedule in this host: no next pull, and the note says to sync by hand.
    expect(meta.nextPullAt).toBeNull();
    expect(meta.nextPullNote).toContain('Sync now');

    const due = new Date(Date.now() + 5 * 3600_000);
    await db.query(`insert into schedules (kind, next_due_at) values ('learning', $1)`, [due.toISOString()]);
    expect((await status()).meta).toMatchObject({ nextPullAt: due.toISOString(), nextPullNote: 'With the next learning cycle.' });
    await updateSettings(db, { automationPaused: true });
    const paused = (await status()).hubspot;
    expect(paused.nextPullAt).toBeNull();
    expect(paused.nextPullNote).toContain('paused');
    await updateSettings(db, { automationPaused: false });
  });

  it('a refused token: reconnect needed with the error, no next pull, the last known limits kept', async () => {
    const before = (await status()).hubspot;
    emu.hubspot.expireToken();
    const run = await area['sync.run']({ source: 'hubspot', hubspotUrl: emu.hubspot.url }, ctx);
    expect(run.results[0]!.status).toBe('reconnect-needed');
    const { hubspot, meta } = await status();
    expect(hubspot).toMatchObject({ connected: true, reconnectNeeded: true, nextPullAt: null, lastSuccessAt: before.lastSuccessAt });
    expect(hubspot.lastError).toMatchObject({ kind: 'reconnect-needed' });
    expect(hubspot.nextPullNote).toContain('reconnect');
    expect(hubspot.limits).not.toBeNull();
    expect(meta.reconnectNeeded).toBe(false);
  });
});
