// Step 7's gate half: score every recorded gate prediction whose ad has since delivered enough
// impressions (error per prediction, stored on the prediction), then recalibrate — fit the gate's
// parameters on the older scored predictions, score the fit and the champion on the newest ones,
// register both in the model registry and promote only on lower held-out error.
import { decidePromotion } from '../../domain/learning/promote';
import {
  fitGate,
  gateError,
  gateVersionName,
  recordedEvidence,
  sameGateParams,
  scoreGatePrediction,
  splitHeldOut,
  type RecordedNeighbour,
  type ScoredGateSample,
} from '../../domain/learning/gate-calibration';
import type { Database } from '../db';
import { GATE_MODEL, gateChampion } from './gate-model';
import { promote, registerVersion } from './registry';

/** A prediction is scored once its ad has this many impressions: its CTR is measured by then. */
export const GATE_SCORE_MIN_IMPRESSIONS = 1000;
/** Recalibration reads at most this many of the newest scored predictions. */
const MAX_SAMPLES = 3000;
/** Fewer held-out predictions than this cannot justify a change of champion. */
export const GATE_MIN_HELD_OUT = 20;

export interface GateScoring {
  scored: number;
  /** Mean |predicted − actual CTR| of the predictions scored now, as the gate made them. */
  scoredMae: number | null;
  samples: number;
  championVersion: string;
  /** The champion's held-out MAE after this step (NaN while there is nothing held out). */
  heldOutMae: number;
  challengerVersion: string | null;
  challengerHeldOutMae: number | null;
  promoted: string | null;
  reason: string;
}

export async function scoreGatePredictions(db: Database, at: Date, minImpressions = GATE_SCORE_MIN_IMPRESSIONS): Promise<{ scored: number; mae: number | null }> {
  const res = await db.query<{ id: number; ctr: number; impressions: number; clicks: number }>(
    `select p.id::int as id, (p.predicted->>'ctr')::float8 as ctr, t.impressions::float8 as impressions, t.clicks::float8 as clicks
       from predictions p join ads a on a.id = p.subject_id join ad_lifetime_totals t on t.ad_key = a.key
      where p.kind = 'gate_ctr' and p.scored_at is null and t.impressions >= $1`,
    [minImpressions],
  );
  if (res.rows.length === 0) return { scored: 0, mae: null };
  let sum = 0;
  const rows = res.rows.map((r) => {
    const e = scoreGatePrediction(r.ctr, r.impressions, r.clicks);
    sum += e.absError;
    return { id: r.id, actual: { impressions: r.impressions, clicks: r.clicks, ctr: e.actualCtr, absError: e.absError, logLoss: e.logLoss } };
  });
  await db.query(
    `update predictions p set actual = r.actual, scored_at = $2
       from jsonb_to_recordset($1::jsonb) as r(id bigint, actual jsonb) where p.id = r.id and p.scored_at is null`,
    [JSON.stringify(rows), at],
  );
  return { scored: rows.length, mae: sum / rows.length };
}

async function scoredSamples(db: Database): Promise<ScoredGateSample[]> {
  const res = await db.query<{ id: number; account_ctr: number; context_ratio: number | null; neighbours: RecordedNeighbour[] | null; impressions: number; clicks: number }>(
    `select id::int as id, (predicted->>'accountCtr')::float8 as account_ctr, (predicted->>'contextRatio')::float8 as context_ratio, predicted->'neighbours' as neighbours,
            (actual->>'impressions')::float8 as impressions, (actual->>'clicks')::float8 as clicks
       from predictions where kind = 'gate_ctr' and scored_at is not null and predicted ? 'neighbours'
      order by id desc limit $1`,
    [MAX_SAMPLES],
  );
  return res.rows.map((r) => ({
    order: r.id,
    ...recordedEvidence(r.account_ctr, r.context_ratio, r.neighbours),
    impressions: r.impressions,
    clicks: r.clicks,
  }));
}

export async function recalibrateGate(db: Database, maxNeighbours: number, at: Date): Promise<Omit<GateScoring, 'scored' | 'scoredMae'>> {
  const current = await gateChampion(db, maxNeighbours);
  const samples = await scoredSamples(db);
  const { fit, heldOut } = splitHeldOut(samples);
  const base = { samples: samples.length, championVersion: current.version, challengerVersion: null, challengerHeldOutMae: null, promoted: null };
  const fitted = fit.length >= GATE_MIN_HELD_OUT ? fitGate(fit, maxNeighbours) : null;
  const champErr = gateError(heldOut, current.params);
  const metrics = (e: typeof champErr, fitMae: number | null) => ({
    heldOutMae: e.mae,
    heldOutLogLoss: e.logLoss,
    n: e.n,
    fitMae,
    fitN: fit.length,
    scoredAt: at.toISOString(),
  });
  // The incumbent is registered (and, the first time, made champion: it is what the gate has
  // been running) with its score on this held-out set, so the chart can follow it.
  await registerVersion(db, { name: GATE_MODEL, version: current.version, params: { ...current.params }, metrics: metrics(champErr, null) });
  if (!current.promoted) await promote(db, GATE_MODEL, current.version);
  if (!fitted) {
    return { ...base, heldOutMae: champErr.mae, reason: `${samples.length} scored gate predictions; recalibration needs ${GATE_MIN_HELD_OUT * 3}.` };
  }
  const version = gateVersionName(fitted.params);
  if (sameGateParams(fitted.params, current.params)) {
    return { ...base, heldOutMae: champErr.mae, reason: `The best fit is the champion ${version}.` };
  }
  const challErr = gateError(heldOut, fitted.params);
  await registerVersion(db, { name: GATE_MODEL, version, params: { ...fitted.params }, metrics: metrics(challErr, fitted.fitError.mae) });
  const decision = decidePromotion({ version: current.version, heldOutError: champErr.mae, n: champErr.n }, { version, heldOutError: challErr.mae, n: challErr.n }, { minN: GATE_MIN_HELD_OUT, minRelativeGain: 0.01 });
  if (decision.promote) await promote(db, GATE_MODEL, version);
  return {
    ...base,
    championVersion: decision.promote ? version : current.version,
    heldOutMae: decision.promote ? challErr.mae : champErr.mae,
    challengerVersion: version,
    challengerHeldOutMae: challErr.mae,
    promoted: decision.promote ? version : null,
    reason: decision.reason,
  };
}

export async function scoreAndRecalibrateGate(db: Database, maxNeighbours: number, at: Date): Promise<GateScoring> {
  const s = await scoreGatePredictions(db, at);
  const r = await recalibrateGate(db, maxNeighbours, at);
  return { scored: s.scored, scoredMae: s.mae, ...r };
}

