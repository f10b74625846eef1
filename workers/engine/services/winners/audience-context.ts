// The audience a creative runs in, as the gate sees it: how far each ad set's typical creative sits
// from the account's (workers/domain/winners/audience-context.ts). Read from the index's per-ad
// totals with the same launchedBefore cut as the neighbours, and leave-one-out: an ad's own clicks
// never describe its own audience, or a lone ad in its ad set would explain itself away.
import { AdloopError } from '../../../../contract';
import { addMoments, adMoments, contextRatio, MEASURED_CLICKS, NO_ADS, subtractMoments, type CtrMoments } from '../../../domain/winners/audience-context';
import type { Database } from '../../db';

export interface ContextRequest {
  version: number;
  launchedBefore?: string | undefined;
  accountCtr: number;
  /** The ad being gated (its ad set is the target; its own results are left out). */
  adId?: string | undefined;
  /** A draft's intended ad set. */
  adSetId?: string | undefined;
  neighbourIds: readonly string[];
}

export interface AudienceContext {
  adSetId: string | null;
  /** Target ad set's CTR relative to the account; 1 when none is named. */
  ratio: number;
  /** Each neighbour's own ad set's CTR relative to the account, without the neighbour. */
  neighbourRatio: Map<string, number>;
}

async function targetAdSet(db: Pick<Database, 'query'>, req: ContextRequest): Promise<string | null> {
  if (req.adId) {
    const own = await db.query<{ ad_set_id: string }>(`select ad_set_id from ads where id = $1`, [req.adId]);
    return own.rows[0]?.ad_set_id ?? null;
  }
  if (req.adSetId === undefined) return null;
  const exists = await db.query(`select 1 from ad_sets where id = $1`, [req.adSetId]);
  if (exists.rows.length === 0) throw new AdloopError('NotFound', `No ad set with id ${req.adSetId}.`, { details: { adSetId: req.adSetId } });
  return req.adSetId;
}

export async function audienceContext(db: Pick<Database, 'query'>, req: ContextRequest): Promise<AudienceContext> {
  const target = await targetAdSet(db, req);
  const m = req.accountCtr;
  // The account's moments in SQL (every indexed ad); the ad sets' per ad, to leave one out.
  const kappa = MEASURED_CLICKS / m;
  const acc = await db.query<{ weighted_ctr: number | null; weight: number | null }>(
    `select sum(least(clicks, impressions)::float8 / (impressions + $3::float8)) as weighted_ctr, sum(impressions::float8 / (impressions + $3::float8)) as weight
       from creative_embeddings where encoder_version = $1 and ($2::date is null or launched_on < $2::date) and impressions > 0`,
    [req.version, req.launchedBefore ?? null, kappa],
  );
  const account: CtrMoments = { weightedCtr: acc.rows[0]?.weighted_ctr ?? 0, weight: acc.rows[0]?.weight ?? 0 };
  const res = await db.query<{ ad_id: string; ad_set_id: string; clicks: number; impressions: number }>(
    `select e.ad_id, a.ad_set_id, e.clicks::float8 as clicks, e.impressions::float8 as impressions
       from creative_embeddings e join ads a on a.id = e.ad_id
      where e.encoder_version = $1 and ($2::date is null or e.launched_on < $2::date)
        and a.ad_set_id in (select ad_set_id from ads where id = any($3::text[]) union select $4::text)`,
    [req.version, req.launchedBefore ?? null, req.neighbourIds, target],
  );
  const sets = new Map<string, CtrMoments>();
  const own = new Map<string, { set: string; moments: CtrMoments }>();
  for (const r of res.rows) {
    const mo = adMoments(r.clicks, r.impressions, m);
    sets.set(r.ad_set_id, addMoments(sets.get(r.ad_set_id) ?? NO_ADS, mo));
    own.set(r.ad_id, { set: r.ad_set_id, moments: mo });
  }
  const ratioWithout = (set: string, adId: string | undefined): number => {
    const all = sets.get(set) ?? NO_ADS;
    const self = adId ? own.get(adId) : undefined;
    const rest = self && self.set === set ? subtractMoments(all, self.moments) : all;
    const accountRest = self ? subtractMoments(account, self.moments) : account;
    return contextRatio(rest, accountRest);
  };
  const neighbourRatio = new Map<string, number>();
  for (const id of req.neighbourIds) {
    const o = own.get(id);
    if (o) neighbourRatio.set(id, ratioWithout(o.set, id));
  }
  return { adSetId: target, ratio: target === null ? 1 : ratioWithout(target, req.adId), neighbourRatio };
}
