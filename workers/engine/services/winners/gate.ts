// The pre-spend gate and the battle plan, on the index: the creative's nearest indexed ads with
// results feed the Beta-binomial gate (workers/domain/winners/gate.ts: similarity-weighted,
// shrunk toward the account CTR by how much evidence the neighbours carry); its nearest winners
// feed the battle plan (patterns, differences, changes). Each recorded gate call is a row in
// `predictions` (kind gate_ctr) that the learning cycle scores once the creative has results.
import { createHash } from 'node:crypto';
import { AdloopError, type BattlePlanOutput, type GateOutput, type Settings } from '../../../../contract';
import type { Dna } from '../../../../contract/dna';
import type { RecordedNeighbour } from '../../../domain/learning/gate-calibration';
import { buildBattlePlan, type BattlePlan } from '../../../domain/winners/battle-plan';
import { gateCreative, type GateResult } from '../../../domain/winners/gate';
import type { Database } from '../../db';
import { gateChampion } from '../../learning/gate-model';
import { defaultEncoders, type EncoderRegistry } from './encoders';
import { activeVersion } from './index';
import { audienceContext } from './audience-context';
import { accountCtr, nearestRows, subjectDna } from './search';
import { lenientDna } from './stored-dna';

type Db = Pick<Database, 'query' | 'exec'>;
/**
 * Up to this many indexed creatives the gate reads its neighbours by an exact scan (a few ms at
 * this size, ~20 ms at the limit) instead of the HNSW walk: the same creative then gets the same
 * prediction every time — HNSW graphs are built with random levels, so two builds of one index can
 * return slightly different neighbours, which made the gate's scored error wander between runs.
 * Above it, the index's speed matters more (an exact scan of 100,000 costs ~100 ms).
 */
export const GATE_EXACT_MAX_ROWS = 20_000;

/** Whether the index of this encoder version holds at most `maxRows` creatives (counts no further). */
export async function exactIsCheap(db: Pick<Database, 'query'>, version: number, maxRows = GATE_EXACT_MAX_ROWS): Promise<boolean> {
  const res = await db.query<{ small: boolean }>(
    `select count(*) <= $2 as small from (select 1 from creative_embeddings where encoder_version = $1 limit $2 + 1) x`,
    [version, maxRows],
  );
  return res.rows[0]?.small ?? true;
}

/** Nearest winners a battle plan and a recommendation are built from. */
const PLAN_WINNERS = 5;

export interface GateRequest {
  adId?: string | undefined;
  dna?: Dna | undefined;
  /** The ad set a draft will run in (an ad's own ad set is used for an ad). */
  adSetId?: string | undefined;
  launchedBefore?: string | undefined;
  record: boolean;
  settings: Pick<Settings, 'gateRejectRatio' | 'gateNeighbours' | 'winnersEfSearch'>;
  encoders?: EncoderRegistry;
}

interface Assessed {
  dna: Dna;
  version: number;
  gate: GateResult;
  plan: BattlePlan;
  /** The gate model version (the registry's champion) and the neighbours it read, nearest first. */
  model: string;
  neighbours: RecordedNeighbour[];
  /** The target ad set and its CTR relative to the account (null: none named, an average audience). */
  context: { adSetId: string | null; ratio: number };
}

async function assess(db: Db, req: GateRequest): Promise<Assessed> {
  const encoders = req.encoders ?? defaultEncoders;
  const dna = await subjectDna(db, req.adId, req.dna);
  const version = await activeVersion(db, encoders);
  const query = encoders.byVersion(version)!.encode(dna);
  const m = await accountCtr(db, version, req.launchedBefore);
  if (m === null || !(m > 0 && m < 1)) {
    throw new AdloopError('Conflict', 'The gate needs an account CTR: no indexed ad has impressions and clicks yet. Import or generate data, then run winners.reindex.');
  }
  const common = { filters: {}, exact: await exactIsCheap(db, version), efSearch: req.settings.winnersEfSearch, launchedBefore: req.launchedBefore, adId: req.adId };
  // The learning cycle recalibrates the gate (workers/engine/learning/score-gate.ts): it runs
  // with the champion's parameters, on at most as many neighbours as the settings read.
  const model = await gateChampion(db, req.settings.gateNeighbours);
  const neighbours = await nearestRows(db, version, query, { ...common, k: req.settings.gateNeighbours, winnersOnly: false, withResults: true });
  const context = await audienceContext(db, { version, launchedBefore: req.launchedBefore, accountCtr: m, adId: req.adId, adSetId: req.adSetId, neighbourIds: neighbours.map((n) => n.ad_id) });
  const read = neighbours.map((n) => ({ similarity: 1 - n.distance, impressions: n.impressions, clicks: n.clicks, contextRatio: context.neighbourRatio.get(n.ad_id) ?? 1 }));
  const gate = gateCreative(read.slice(0, model.params.neighbours), m, {
    contextRatio: context.ratio,
    rejectRatio: req.settings.gateRejectRatio,
    priorClicks: model.params.priorClicks,
    neighbourCapClicks: model.params.neighbourCapClicks,
    similarityPower: model.params.similarityPower,
  });
  const winnerRows = await nearestRows(db, version, query, { ...common, k: PLAN_WINNERS, winnersOnly: true });
  const meta = await db.query<{ id: string; name: string; dna: unknown }>(`select id, name, dna from ads where id = any($1::text[])`, [winnerRows.map((w) => w.ad_id)]);
  const byId = new Map(meta.rows.map((r) => [r.id, r]));
  const winners = winnerRows.flatMap((w) => {
    const row = byId.get(w.ad_id);
    if (!row) return [];
    const nb: Parameters<typeof buildBattlePlan>[1][number] = { adId: w.ad_id, name: row.name, similarity: 1 - w.distance, dna: lenientDna(row.dna).dna, spend: w.spend };
    if (w.impressions > 0) nb.ctr = w.clicks / w.impressions;
    if (w.spend > 0) nb.pipelineRoas = w.pipeline_value / w.spend;
    return [nb];
  });
  const recorded = read.map((n): RecordedNeighbour => [n.similarity, n.impressions, n.clicks, n.contextRatio]);
  return { dna, version, gate, plan: buildBattlePlan(dna, winners, gate), model: model.version, neighbours: recorded, context: { adSetId: context.adSetId, ratio: context.ratio } };
}

/** One sentence naming the DNA differences to the nearest winners that matter most. */
export function recommendation(plan: BattlePlan): string {
  if (plan.winners.length === 0) return 'No similar winners are indexed yet, so there is nothing to compare the DNA with.';
  if (plan.differences.length === 0) {
    return plan.patterns.length
      ? `It already follows what its ${plan.winners.length} nearest winners share (${plan.patterns.map((p) => p.description).join(', ')}).`
      : `Its ${plan.winners.length} nearest winners share no pattern that two thirds of them agree on.`;
  }
  const top = plan.differences.slice(0, 3);
  const changes = plan.changes.slice(0, 3).map((c) => c.text).join(' ');
  return `Its nearest winners differ from it most on ${top.map((d) => `${d.description} (${d.agree} of ${d.of})`).join(', ')}. ${changes}`;
}

function subjectId(adId: string | undefined, dna: Dna): string {
  if (adId) return adId;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(dna).sort(([a], [b]) => a.localeCompare(b))));
  return `dna:${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

function gateOutput(a: Assessed, settings: GateRequest['settings'], predictionId: number | null): GateOutput {
  const g = a.gate;
  return {
    decision: g.decision,
    predictedCtr: g.predictedCtr,
    interval: g.interval,
    accountCtr: g.accountCtr,
    threshold: g.threshold,
    rejectRatio: settings.gateRejectRatio,
    ratioToAccount: g.ratioToAccount,
    adSetId: a.context.adSetId,
    contextRatio: a.context.ratio,
    probAboveThreshold: g.probAboveThreshold,
    shrinkage: g.shrinkage,
    evidenceImpressions: g.evidenceImpressions,
    neighboursUsed: g.neighboursUsed,
    advice: g.advice,
    recommendation: recommendation(a.plan),
    differences: a.plan.differences.map((d) => ({ field: d.field, description: d.description, agree: d.agree, of: d.of })),
    encoderVersion: a.version,
    predictionId,
  };
}

export async function gate(db: Db, req: GateRequest): Promise<GateOutput> {
  const a = await assess(db, req);
  let predictionId: number | null = null;
  if (req.record) {
    const g = a.gate;
    const res = await db.query<{ id: number }>(
      `insert into predictions (kind, subject_id, model_version, predicted) values ('gate_ctr', $1, $2, $3::jsonb) returning id::int as id`,
      [
        subjectId(req.adId, a.dna),
        `${a.model}+encoder-v${a.version}`,
        // The neighbours' evidence as the gate saw it: the cycle replays other parameters on it.
        JSON.stringify({ ctr: g.predictedCtr, lower: g.interval.lower, upper: g.interval.upper, credibility: g.interval.credibility, decision: g.decision, probAboveThreshold: g.probAboveThreshold, accountCtr: g.accountCtr, threshold: g.threshold, contextRatio: a.context.ratio, adSetId: a.context.adSetId, dna: a.dna, neighbours: a.neighbours }),
      ],
    );
    predictionId = res.rows[0]!.id;
  }
  return gateOutput(a, req.settings, predictionId);
}

export async function battlePlan(db: Db, req: Omit<GateRequest, 'record'>): Promise<BattlePlanOutput> {
  const a = await assess(db, { ...req, record: false });
  return {
    gate: gateOutput(a, req.settings, null),
    winners: a.plan.winners,
    patterns: a.plan.patterns.map((p) => ({ field: p.field, value: p.value, description: p.description, agree: p.agree, of: p.of, draftFollows: p.draftFollows })),
    changes: a.plan.changes,
    text: a.plan.text,
  };
}
