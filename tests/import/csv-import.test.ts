// CSV import on a real on-disk workspace, through the engine's contract method.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineHandle } from '../../workers';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { importCsv } from '../../workers/engine/services/import';
import { freshWorkspace } from '../helpers/workspace';

const fx = (name: string) => path.join(__dirname, '../fixtures/csv', name);

let engine: EngineHandle;
beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('import') });
});
afterAll(async () => engine?.close());

const call = (input: Parameters<EngineHandle['client']['call']>[1] & object) => engine.client.call('import.csv', input as never);

/** Everything an import may touch, to prove a refused import changed nothing. */
async function snapshot(): Promise<unknown> {
  const accounts = await engine.client.call('accounts.list', {});
  const summary = await engine.client.call('workspace.summary', {});
  return { accounts, summary };
}

describe('Ads Manager CSV import', () => {
  it('imports an English export into an empty workspace, creating the structure it names', async () => {
    const r = await call({ kind: 'meta-ads', path: fx('meta-en.csv') });
    expect(r).toMatchObject({ rowsRead: 4, rowsImported: 3, rowsRejected: 1, inserted: 3, updated: 0, unchanged: 0, currency: 'USD', language: 'en' });
    expect(r.rejected).toEqual([{ line: 2, reason: 'no ad ID or ad name (a total or summary row?)' }]);
    expect(r.created).toEqual({ accounts: 1, campaigns: 1, adSets: 1, ads: 2 });
    const accounts = await engine.client.call('accounts.list', {});
    expect(accounts.map((a) => [a.id, a.currency, a.currencyOffset])).toEqual([['csv-usd', 'USD', 100]]);
    const s = await engine.client.call('workspace.summary', { accountId: 'csv-usd' });
    expect(s.totals.spend).toBe(41225 + 12800 + 170025);
    expect(s.totals.impressions).toBe(3400);
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await snapshot();
    const r = await call({ kind: 'meta-ads', path: fx('meta-en.csv') });
    expect(r).toMatchObject({ rowsImported: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(r.created).toEqual({ accounts: 0, campaigns: 0, adSets: 0, ads: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('a restated day is updated in place', async () => {
    const text = 'Day,Campaign name,Ad set name,Ad name,Ad ID,Impressions,Amount spent (USD),Link clicks\n2026-11-02,"Prospecting, US",Broad 1,"Hook A, UGC",120000000000000001,1500,"1,800.00",31\n';
    const r = await call({ kind: 'meta-ads', content: text });
    expect(r).toMatchObject({ rowsImported: 1, inserted: 0, updated: 1 });
    const s = await engine.client.call('workspace.summary', { accountId: 'csv-usd' });
    expect(s.totals.spend).toBe(41225 + 12800 + 180000);
  });

  it('German and Spanish exports in EUR go to one EUR account; rows without ad IDs get stable ids', async () => {
    const de = await call({ kind: 'meta-ads', path: fx('meta-de.csv') });
    expect(de).toMatchObject({ rowsImported: 3, currency: 'EUR', language: 'de' });
    const es = await call({ kind: 'meta-ads', path: fx('meta-es.csv') });
    expect(es).toMatchObject({ rowsImported: 2, inserted: 2, currency: 'EUR' });
    expect(es.created).toMatchObject({ accounts: 0, campaigns: 1, adSets: 1, ads: 1 });
    const again = await call({ kind: 'meta-ads', path: fx('meta-es.csv') });
    expect(again).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(again.created).toMatchObject({ ads: 0 });
    const s = await engine.client.call('workspace.summary', { accountId: 'csv-eur' });
    expect(s.totals.spend).toBe(123456 + 9990 + 1250 + 4530 + 5010);
  });

  it('yen has no minor unit', async () => {
    const r = await call({ kind: 'meta-ads', path: fx('meta-jpy.csv') });
    expect(r.currency).toBe('JPY');
    const a = (await engine.client.call('accounts.list', {})).find((x) => x.id === 'csv-jpy');
    expect(a?.currencyOffset).toBe(1);
    expect((await engine.client.call('workspace.summary', { accountId: 'csv-jpy' })).totals.spend).toBe(15230);
  });

  it('imports the good rows of a file with bad ones and says why each bad one was rejected', async () => {
    const r = await call({ kind: 'meta-ads', path: fx('meta-bad-rows.csv'), accountId: 'csv-usd' });
    expect(r).toMatchObject({ rowsRead: 6, rowsImported: 2, rowsRejected: 4 });
    expect(r.rejected.map((x) => x.line)).toEqual([3, 4, 5, 6]);
  });

  it('a dry run reports without writing', async () => {
    const before = await snapshot();
    const r = await call({ kind: 'meta-ads', path: fx('meta-pt.csv'), dryRun: true });
    expect(r).toMatchObject({ rowsImported: 1, inserted: 1, currency: 'BRL' });
    expect(r.notes).toContain('Dry run: nothing was written.');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a workbook, an empty file, a missing file, a deal export and an unclosed quote, changing nothing', async () => {
    const before = await snapshot();
    await expect(call({ kind: 'meta-ads', path: fx('report.xlsx') })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/Excel workbook/) });
    await expect(call({ kind: 'meta-ads', path: fx('empty.csv') })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/empty/) });
    await expect(call({ kind: 'meta-ads', path: fx('nope.csv') })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(call({ kind: 'meta-ads', path: fx('hubspot-en.csv') })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/Ads Manager export/) });
    await expect(call({ kind: 'meta-ads', path: fx('meta-unclosed-quote.csv') })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/never closed/) });
    await expect(call({ kind: 'meta-ads', content: 'x', path: fx('meta-en.csv') })).rejects.toMatchObject({ code: 'InvalidInput' });
    // Two EUR-free accounts and no currency in the file: the import cannot guess.
    await expect(call({ kind: 'meta-ads', content: 'Day,Ad name,Impressions,Amount spent,Link clicks\n2026-11-01,A,1,1,1\n' })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/currency/) });
    // A German file into the USD account would mix money.
    await expect(call({ kind: 'meta-ads', path: fx('meta-de.csv'), accountId: 'csv-usd' })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/EUR but account csv-usd is in USD/) });
    expect(await snapshot()).toEqual(before);
  });
});

describe('HubSpot deal CSV import', () => {
  it('imports deals, creates HubSpot-id stages with their probabilities and default stage values', async () => {
    const r = await call({ kind: 'hubspot-deals', path: fx('hubspot-en.csv'), currency: 'USD' });
    expect(r).toMatchObject({ rowsRead: 6, rowsImported: 4, rowsRejected: 2, inserted: 4 });
    expect(r.created).toEqual({ pipelines: 1, stages: 4 });
    const again = await call({ kind: 'hubspot-deals', path: fx('hubspot-en.csv'), currency: 'USD' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(again.created).toEqual({ pipelines: 0, stages: 0 });
  });

  it('German deals into the same workspace: labels map to the same stage ids, a new pipeline gets its own', async () => {
    const r = await call({ kind: 'hubspot-deals', path: fx('hubspot-de.csv') });
    expect(r).toMatchObject({ rowsImported: 3, rowsRejected: 0, currency: 'EUR', language: 'de' });
    expect(r.created).toEqual({ pipelines: 1, stages: 2 });
    expect(r.notes.join(' ')).toMatch(/New stages: csv-partner\/Gewonnen, csv-partner\/Erstgespräch/);
  });
});

describe('one transaction', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('import-tx')).pgdata });
  });
  afterAll(async () => db?.close());

  it('a failure after the rows are written leaves nothing behind', async () => {
    const count = async () => (await db.query<{ n: number }>('select (select count(*) from ad_daily_metrics) + (select count(*) from ads) + (select count(*) from accounts) as n')).rows[0]!.n;
    expect(Number(await count())).toBe(0);
    await expect(
      importCsv(db, { kind: 'meta-ads', path: fx('meta-en.csv'), dryRun: false }, async (tx) => {
        const seen = await tx.query<{ n: number }>('select count(*)::int as n from ad_daily_metrics');
        expect(seen.rows[0]!.n).toBe(3); // written inside the transaction …
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(Number(await count())).toBe(0); // … and rolled back with it
    // The first import into an empty table drops and rebuilds the metrics keys: rolled back too.
    const keys = await db.query<{ conname: string }>(`select conname from pg_constraint where conrelid = 'ad_daily_metrics'::regclass and contype in ('p', 'f') order by 1`);
    expect(keys.rows.map((r) => r.conname)).toEqual(['ad_daily_metrics_ad_key_fkey', 'ad_daily_metrics_pkey']);
  });
});
