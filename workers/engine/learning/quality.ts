// learning.quality: how the scored predictions turned out, grouped by the model version that made
// them — the Learning view's "improvement over time" by version.
import type { LearningQuality } from '../../../contract';
import type { Database } from '../db';

const num = (v: unknown): number | null => (v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));

export async function learningQuality(db: Database): Promise<LearningQuality> {
  const gate = await db.query<Record<string, unknown>>(
    // Version names carry the encoder ("gate-v1+encoder-v1"): the gate's parameters are the model.
    `select split_part(model_version, '+', 1) as version, count(*)::int as n,
            avg((actual->>'absError')::float8) as mae, avg((actual->>'logLoss')::float8) as log_loss,
            min(scored_at) as first_at, max(scored_at) as last_at
       from predictions where kind = 'gate_ctr' and scored_at is not null
      group by 1 order by min(scored_at), 1`,
  );
  const allocation = await db.query<Record<string, unknown>>(
    `select model_version as version, count(*)::int as n,
            sum((actual->>'actual')::float8) / nullif(sum((actual->>'expected')::float8), 0) as calibration,
            avg((actual->>'relativeError')::float8) as rel_err
       from predictions where kind = 'allocation_value' and scored_at is not null and (actual->>'holders')::int > 0
      group by 1 order by min(scored_at), 1`,
  );
  const pending = await db.query<{ gate: number; allocation: number }>(
    `select count(*) filter (where kind = 'gate_ctr')::int as gate, count(*) filter (where kind = 'allocation_value')::int as allocation
       from predictions where scored_at is null`,
  );
  return {
    gate: gate.rows.map((r) => ({
      version: String(r.version),
      n: Number(r.n),
      mae: num(r.mae),
      logLoss: num(r.log_loss),
      firstScoredAt: new Date(r.first_at as string).toISOString(),
      lastScoredAt: new Date(r.last_at as string).toISOString(),
    })),
    allocation: allocation.rows.map((r) => ({ version: String(r.version ?? '?'), n: Number(r.n), calibration: num(r.calibration), relativeError: num(r.rel_err) })),
    pending: pending.rows[0] ?? { gate: 0, allocation: 0 },
  };
}
