// A fingerprint of every table in the workspace: row count and an md5 over the rows' text, so a
// test can prove that a refused call changed nothing at all (not just the table it aimed at).
import type { Database } from '../../workers/engine/db';

export type Snapshot = Record<string, { rows: number; md5: string | null }>;

export async function snapshot(db: Database): Promise<Snapshot> {
  const tables = await db.query<{ name: string }>(
    `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
       from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'
      order by 1`,
  );
  const out: Snapshot = {};
  for (const { name } of tables.rows) {
    const r = await db.query<{ rows: number; md5: string | null }>(
      `select count(*)::int as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from ${name} t`,
    );
    out[name] = r.rows[0]!;
  }
  return out;
}
