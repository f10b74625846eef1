import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../contract';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { encoderV1, registryOf, type DnaEncoder } from '../../../workers/engine/services/winners/encoders';
import { activeVersion, refreshIndex } from '../../../workers/engine/services/winners/index';
import { WinnerIndexManager } from '../../../workers/engine/services/winners/manager';
import { encodeDna } from '../../../workers/domain/winners/encoder';
import { memoryLogger } from '../../helpers/silent-log';
import { freshWorkspace } from '../../helpers/workspace';
import { baseVideo, seedAccount } from './seed';

const bar = settingsSchema.parse({});
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('winners-index')).pgdata });
  await seedAccount(db, [
    // CTR 4 % with enough data: winner by CTR.
    { id: 'w-ctr', dna: baseVideo, impressions: 20000, clicks: 800, spendPerDay: 1000 },
    // CTR 1 % but pipeline ROAS 5: winner by pipeline ROAS (spend 100.00, value 500.00).
    { id: 'w-roas', dna: { ...baseVideo, hookType: 'demo' }, impressions: 10000, clicks: 100, spendPerDay: 1000, wonValue: 50000 },
    // CTR 5 % but only 600 impressions: not enough data.
    { id: 'thin', dna: { ...baseVideo, captions: false }, impressions: 600, clicks: 30, spendPerDay: 1000 },
    // CTR 4 % but 10.00 spent (< 50): not enough spend.
    { id: 'cheap', dna: { ...baseVideo, palette: 'cool' }, impressions: 5000, clicks: 200, spendPerDay: 100 },
    // A plain loser.
    { id: 'loser', dna: { format: 'image', hookType: 'offer', textContrast: 0.2 }, impressions: 20000, clicks: 100, spendPerDay: 1000 },
    // Malformed stored DNA: the bad field is dropped, the rest indexed.
    { id: 'messy', dna: { format: 'video', hookType: 'shouting', captions: true } },
    // No DNA at all, no results.
    { id: 'bare', dna: {} },
  ]);
});
afterAll(async () => db?.close());

async function rows(version = 1) {
  const res = await db.query<{ ad_id: string; is_winner: boolean; impressions: number; clicks: number; spend: number; pipeline_value: number; embedding: string }>(
    `select ad_id, is_winner, impressions::int, clicks::int, spend::int, pipeline_value::int, embedding::text from creative_embeddings where encoder_version = $1 order by ad_id`,
    [version],
  );
  return res.rows;
}

describe('winner index refresh', () => {
  it('a workspace whose ads predate the index is built in the background when the engine opens', async () => {
    const other = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('winners-index-old')).pgdata });
    try {
      const manager = new WinnerIndexManager(other, memoryLogger());
      expect(await manager.startBackgroundIfNeeded()).toBe(false); // no ads: nothing to build
      await seedAccount(other, [{ id: 'old1', dna: baseVideo, impressions: 20000, clicks: 800 }, { id: 'old2', dna: {} }]);
      expect(await manager.startBackgroundIfNeeded()).toBe(true);
      expect(await manager.background).toMatchObject({ embedded: 2, indexed: 2, winners: 1, complete: true });
      expect(await manager.startBackgroundIfNeeded()).toBe(false);
      await manager.stop();
    } finally {
      await other.close();
    }
  });

  it('embeds every ad once, with its results, and flags winners by the DOMAIN.md bar', async () => {
    const r = await refreshIndex(db, bar, { encoder: encoderV1, batchSize: 3 });
    expect(r).toMatchObject({ encoderVersion: 1, embedded: 7, indexed: 7, winners: 2, complete: true, droppedFields: 1 });
    const all = await rows();
    expect(all.map((x) => x.ad_id)).toEqual(['bare', 'cheap', 'loser', 'messy', 'thin', 'w-ctr', 'w-roas']);
    expect(all.filter((x) => x.is_winner).map((x) => x.ad_id)).toEqual(['w-ctr', 'w-roas']);
    expect(all.find((x) => x.ad_id === 'w-roas')).toMatchObject({ impressions: 10000, clicks: 100, spend: 10000, pipeline_value: 50000 });
    // The stored vector is the encoder's (float32, to pgvector's printing).
    const stored = JSON.parse(all.find((x) => x.ad_id === 'w-ctr')!.embedding) as number[];
    encodeDna(baseVideo).forEach((x, i) => expect(stored[i]).toBeCloseTo(x, 6));
    const messy = JSON.parse(all.find((x) => x.ad_id === 'messy')!.embedding) as number[];
    encodeDna({ format: 'video', captions: true }).forEach((x, i) => expect(messy[i]).toBeCloseTo(x, 6));
  });

  it('a second refresh embeds nothing and changes nothing (no duplicates)', async () => {
    const before = await db.query<{ t: string }>(`select max(updated_at)::text as t from creative_embeddings`);
    const r = await refreshIndex(db, bar, { encoder: encoderV1 });
    expect(r).toMatchObject({ embedded: 0, updated: 0, indexed: 7 });
    const after = await db.query<{ t: string }>(`select max(updated_at)::text as t from creative_embeddings`);
    expect(after.rows[0]!.t).toBe(before.rows[0]!.t);
  });

  it('re-embeds only ads whose DNA changed or that are new, and re-flags on new results', async () => {
    await db.query(`update ads set dna = jsonb_set(dna, '{hookSeconds}', '4') where id = 'w-ctr'`);
    await seedAccount(db, [{ id: 'new', dna: baseVideo, impressions: 20000, clicks: 900, spendPerDay: 1000 }]);
    // 'loser' gets a month of 5 % CTR: now a winner.
    await db.query(
      `insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend) select key, date '2026-11-01' + g, 10000, 500, 1000 from ads, generate_series(0, 29) g where id = 'loser'`,
    );
    const r = await refreshIndex(db, bar, { encoder: encoderV1 });
    expect(r).toMatchObject({ embedded: 2, indexed: 8, winners: 4 });
    const all = await rows();
    const w = JSON.parse(all.find((x) => x.ad_id === 'w-ctr')!.embedding) as number[];
    encodeDna({ ...baseVideo, hookSeconds: 4 }).forEach((x, i) => expect(w[i]).toBeCloseTo(x, 6));
    expect(all.filter((x) => x.is_winner).map((x) => x.ad_id)).toEqual(['loser', 'new', 'w-ctr', 'w-roas']);
  });

  it('follows the settings: a stricter CTR bar unflags the CTR winners', async () => {
    const r = await refreshIndex(db, { ...bar, winnerMinCtr: 0.06 }, { encoder: encoderV1 });
    expect(r.winners).toBe(1);
    expect((await rows()).filter((x) => x.is_winner).map((x) => x.ad_id)).toEqual(['w-roas']);
    await refreshIndex(db, bar, { encoder: encoderV1 });
  });

  it('an encoder version change re-embeds everything in the background; searches stay on v1 until v2 is complete', async () => {
    // "v2": v1 with its dimensions reversed, so every vector differs.
    const v2: DnaEncoder = { version: 2, dim: 64, encode: (d) => encodeDna(d).reverse() };
    const manager = new WinnerIndexManager(db, memoryLogger(), registryOf(v2, encoderV1));
    expect(await activeVersion(db, manager.encoders)).toBe(1);
    expect(await manager.startBackgroundIfNeeded()).toBe(true);
    expect(manager.building?.version).toBe(2);
    // The call returned before the rebuild finished: v1 is still what searches use.
    expect(await activeVersion(db, manager.encoders)).toBe(1);
    const r = await manager.background;
    expect(r).toMatchObject({ encoderVersion: 2, embedded: 8, indexed: 8, winners: 4, complete: true });
    expect(await activeVersion(db, manager.encoders)).toBe(2);
    expect(await rows(1)).toEqual([]);
    const v2rows = await rows(2);
    const stored = JSON.parse(v2rows.find((x) => x.ad_id === 'w-roas')!.embedding) as number[];
    encodeDna({ ...baseVideo, hookType: 'demo' }).reverse().forEach((x, i) => expect(stored[i]).toBeCloseTo(x, 6));
    expect(await manager.startBackgroundIfNeeded()).toBe(false);
    await manager.stop();
  });
});
