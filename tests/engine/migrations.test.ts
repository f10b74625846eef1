import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { defaultMigrationsDir, migrate, readMigrations } from '../../workers/engine/migrate';
import { freshWorkspace } from '../helpers/workspace';

let db: Database | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

async function bareDb(): Promise<Database> {
  const dir = await freshWorkspace('mig', { bare: true });
  db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
  return db;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-migs-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

describe('migrations', () => {
  it('applies the real schema in order, records checksums, and a re-run does nothing', async () => {
    const d = await bareDb();
    const first = await migrate(d);
    const files = readMigrations(defaultMigrationsDir());
    expect(first.ran).toEqual(files.map((f) => f.id));
    const recorded = await d.query<{ id: string; checksum: string }>('select id, checksum from schema_migrations order by id');
    expect(recorded.rows).toEqual(files.map((f) => ({ id: f.id, checksum: f.checksum })));
    const second = await migrate(d);
    expect(second.ran).toEqual([]);
    expect(second.applied.map((a) => a.id)).toEqual(files.map((f) => f.id));
  });

  it('creates the domain schema, with an HNSW index on creative embeddings', async () => {
    const d = await bareDb();
    await migrate(d);
    const tables = await d.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    const names = tables.rows.map((r) => r.table_name);
    for (const t of [
      'accounts', 'campaigns', 'ad_sets', 'ads', 'ad_daily_metrics', 'crm_pipelines', 'crm_stages', 'crm_deals',
      'crm_contact_sources', 'crm_stage_values', 'attributions', 'allocation_runs', 'allocation_recommendations',
      'sampler_posteriors', 'fatigue_scans', 'fatigue_findings', 'approval_queue', 'approval_history', 'jobs',
      'model_registry', 'creative_embeddings', 'learning_runs', 'settings',
    ]) {
      expect(names).toContain(t);
    }
    const idx = await d.query<{ indexdef: string }>("select indexdef from pg_indexes where indexname = 'creative_embeddings_hnsw'");
    expect(idx.rows[0]?.indexdef).toMatch(/USING hnsw/);
    // Money columns are bigint: whatever a writer sends, no fraction of a cent is ever stored.
    await d.exec(`insert into accounts (id, name, currency) values ('1', 'A', 'USD')`);
    await expect(
      d.exec(`insert into campaigns (id, account_id, name, budget_mode, daily_budget) values ('c', '1', 'C', 'CBO', 10.5)`),
    ).resolves.toBeDefined();
    const stored = await d.query<{ daily_budget: number }>(`select daily_budget from campaigns where id = 'c'`);
    expect(Number.isInteger(Number(stored.rows[0]?.daily_budget))).toBe(true);
  });

  it('runs files in numeric order, each in its own transaction', async () => {
    const d = await bareDb();
    const dir = migrationsDir({
      '0002_second.sql': 'insert into t (v) values (2);',
      '0001_first.sql': 'create table t (v int); insert into t (v) values (1);',
      '0003_broken.sql': 'insert into t (v) values (3); select * from missing_table;',
    });
    await expect(migrate(d, dir)).rejects.toMatchObject({ code: 'MigrationFailed', message: expect.stringContaining('0003_broken.sql') });
    const rows = await d.query<{ v: number }>('select v from t order by v');
    // 0003's insert was rolled back with it; 0001 and 0002 stay.
    expect(rows.rows.map((r) => r.v)).toEqual([1, 2]);
    const applied = await d.query<{ id: string }>('select id from schema_migrations order by id');
    expect(applied.rows.map((r) => r.id)).toEqual(['0001_first.sql', '0002_second.sql']);
  });

  it('refuses an applied migration whose file was edited, and changes nothing', async () => {
    const d = await bareDb();
    const dir = migrationsDir({ '0001_first.sql': 'create table t (v int);' });
    await migrate(d, dir);
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'create table t (v int, w int);');
    fs.writeFileSync(path.join(dir, '0002_next.sql'), 'create table u (v int);');
    await expect(migrate(d, dir)).rejects.toMatchObject({
      code: 'MigrationChecksumMismatch',
      message: expect.stringContaining('0001_first.sql was changed after it was applied'),
    });
    const u = await d.query("select 1 from information_schema.tables where table_name = 'u'");
    expect(u.rows).toHaveLength(0);
  });

  it('refuses a database migrated by a newer version, and badly named files', async () => {
    const d = await bareDb();
    await migrate(d, migrationsDir({ '0001_a.sql': 'select 1;', '0002_b.sql': 'select 1;' }));
    await expect(migrate(d, migrationsDir({ '0001_a.sql': 'select 1;' }))).rejects.toMatchObject({
      code: 'MigrationFailed',
      message: expect.stringContaining('newer Adloop'),
    });
    expect(() => readMigrations(migrationsDir({ '1_a.sql': 'select 1;' }))).toThrow(/must look like 0001_name.sql/);
    expect(() => readMigrations(migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).toThrow(/share the number 0001/);
  });
});
