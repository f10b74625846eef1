// The model registry (table model_registry): versions of each model with their held-out scores,
// exactly one champion per name. Promotion goes through decidePromotion (workers/domain/learning).
import type { Database } from '../db';

type Q = Pick<Database, 'query'>;

export interface ModelVersion {
  name: string;
  version: string;
  role: 'champion' | 'challenger' | 'retired';
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  createdAt: string;
}

const toVersion = (r: Record<string, unknown>): ModelVersion => ({
  name: String(r.name),
  version: String(r.version),
  role: r.role as ModelVersion['role'],
  params: (r.params as Record<string, unknown>) ?? {},
  metrics: (r.metrics as Record<string, unknown>) ?? {},
  createdAt: new Date(r.created_at as string).toISOString(),
});

/** Records a version's latest scores (re-registering a version updates its metrics). */
export async function registerVersion(db: Q, v: { name: string; version: string; params: Record<string, unknown>; metrics: Record<string, unknown> }): Promise<ModelVersion> {
  const res = await db.query<Record<string, unknown>>(
    `insert into model_registry (name, version, params, metrics) values ($1, $2, $3::jsonb, $4::jsonb)
     on conflict (name, version) do update set metrics = excluded.metrics, params = excluded.params
     returning name, version, role, params, metrics, created_at`,
    [v.name, v.version, JSON.stringify(v.params), JSON.stringify(v.metrics)],
  );
  return toVersion(res.rows[0]!);
}

export async function champion(db: Q, name: string): Promise<ModelVersion | null> {
  const res = await db.query<Record<string, unknown>>(
    `select name, version, role, params, metrics, created_at from model_registry where name = $1 and role = 'champion'`,
    [name],
  );
  return res.rows[0] ? toVersion(res.rows[0]) : null;
}

/** Makes `version` the champion; the previous champion is retired. */
export async function promote(db: Database, name: string, version: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`update model_registry set role = 'retired' where name = $1 and role = 'champion' and version <> $2`, [name, version]);
    await tx.query(`update model_registry set role = 'champion' where name = $1 and version = $2`, [name, version]);
  });
}

export async function listVersions(db: Q, name?: string): Promise<ModelVersion[]> {
  const res = await db.query<Record<string, unknown>>(
    `select name, version, role, params, metrics, created_at from model_registry
      where $1::text is null or name = $1 order by name, created_at, version`,
    [name ?? null],
  );
  return res.rows.map(toVersion);
}
