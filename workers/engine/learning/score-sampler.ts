// Step 7's model scoring for the sampler: the CTR forecast at the configured half-life (the
// champion's starting point) and at half and double it, scored on the last held-out days; a
// challenger becomes champion only on lower held-out log-loss.
import { decidePromotion, type ScoredVersion } from '../../domain/learning/promote';
import { scoreCtrForecast, type HolderDays } from '../../domain/learning/ctr-forecast';
import { dayNumber } from '../../domain/fatigue';
import type { Database } from '../db';
import { champion, promote, registerVersion } from './registry';

export const SAMPLER_MODEL = 'sampler-ctr';
const HELD_OUT_DAYS = 7;

async function holderDays(db: Database, accountId: string, sinceDays: number): Promise<HolderDays[]> {
  const res = await db.query<{ d: string[]; i: number[]; c: number[] }>(
    `with m as (
       select case when c.budget_mode = 'CBO' then c.id else a.ad_set_id end as holder, m.day,
              sum(m.impressions)::float8 as i, sum(m.clicks)::float8 as c
         from ad_daily_metrics m join ads a on a.key = m.ad_key join campaigns c on c.id = a.campaign_id
        where a.account_id = $1 and m.day > (select max(day) from ad_daily_metrics) - $2::int
        group by 1, 2)
     select array_agg(day::text order by day) as d, array_agg(i order by day) as i, array_agg(c order by day) as c
       from m group by holder`,
    [accountId, sinceDays],
  );
  return res.rows.map((r) => ({ day: r.d.map(dayNumber), impressions: r.i, clicks: r.c }));
}

export interface SamplerScoring {
  scored: Array<ScoredVersion & { halfLifeDays: number; mae: number }>;
  champion: string | null;
  promoted: string | null;
  reason: string;
}

export async function scoreSamplerModels(db: Database, accountId: string, halfLifeDays: number): Promise<SamplerScoring> {
  const current = await champion(db, SAMPLER_MODEL);
  const championHalfLife = Number(current?.params.halfLifeDays);
  const candidates = [...new Set([halfLifeDays, halfLifeDays / 2, halfLifeDays * 2, ...(Number.isFinite(championHalfLife) ? [championHalfLife] : [])].map((h) => Math.round(h * 10) / 10))];
  const days = await holderDays(db, accountId, Math.ceil(Math.max(...candidates) * 8) + HELD_OUT_DAYS);
  const scored = candidates.map((h) => {
    const s = scoreCtrForecast(days, h, HELD_OUT_DAYS);
    return { version: `half-life-${h}d`, halfLifeDays: h, heldOutError: s.logLoss, mae: s.mae, n: s.n };
  });
  for (const s of scored) {
    await registerVersion(db, {
      name: SAMPLER_MODEL,
      version: s.version,
      params: { halfLifeDays: s.halfLifeDays },
      metrics: { heldOutLogLoss: s.heldOutError, heldOutMae: s.mae, n: s.n, heldOutDays: HELD_OUT_DAYS, scoredAt: new Date().toISOString() },
    });
  }
  const currentScore = current ? (scored.find((s) => s.version === current.version) ?? null) : null;
  const best = [...scored].filter((s) => Number.isFinite(s.heldOutError)).sort((a, b) => a.heldOutError - b.heldOutError)[0];
  if (!best) return { scored, champion: current?.version ?? null, promoted: null, reason: 'No held-out days to score yet.' };
  const decision = decidePromotion(currentScore, best);
  if (decision.promote) await promote(db, SAMPLER_MODEL, best.version);
  return { scored, champion: decision.promote ? best.version : (current?.version ?? null), promoted: decision.promote ? best.version : null, reason: decision.reason };
}
