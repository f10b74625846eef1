// The audience a creative runs in, as the gate sees it: how far each ad set's CTR sits from the
// account's (workers/domain/winners/gate.ts, `contextRatio`). Read from the index's per-ad totals
// of the ad sets involved — the target's and every neighbour's — with the same launchedBefore cut
// as the neighbours, and leave-one-out: an ad's own clicks never describe its own audience, or a
// lone ad in its ad set would explain itself away.
import { AdloopError } from '../../../../contract';
import { contextRatio } from '../../../domain/winners/gate';
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

interface Totals {
  clicks: number;
  impressions: number;
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
  const res = await db.query<{ ad_id: string; ad_set_id: string; clicks: number; impressions: number }>(
    `select e.ad_id, a.ad_set_id, e.clicks::float8 as clicks, e.impressions::float8 as impressions
       from creative_embeddings e join ads a on a.id = e.ad_id
      where e.encoder_version = $1 and ($2::date is null or e.launched_on < $2::date)
        and a.ad_set_id in (select ad_set_id from ads where id = any($3::text[]) union select $4::text)`,
    [req.version, req.launchedBefore ?? null, req.neighbourIds, target],
  );
  const totals = new Map<string, Totals>();
  const own = new Map<string, Totals & { set: string }>();
  for (const r of res.rows) {
    const t = totals.get(r.ad_set_id) ?? { clicks: 0, impressions: 0 };
    t.clicks += r.clicks;
    t.impressions += r.impressions;
    totals.set(r.ad_set_id, t);
    own.set(r.ad_id, { set: r.ad_set_id, clicks: r.clicks, impressions: r.impressions });
  }
  const ratioWithout = (set: string, adId: string | undefined): number => {
    const t = totals.get(set) ?? { clicks: 0, impressions: 0 };
    const self = adId ? own.get(adId) : undefined;
    const left = self && self.set === set ? { clicks: t.clicks - self.clicks, impressions: t.impressions - self.impressions } : t;
    return contextRatio(left.clicks, left.impressions, req.accountCtr);
  };
  const neighbourRatio = new Map<string, number>();
  for (const id of req.neighbourIds) {
    const o = own.get(id);
    if (o) neighbourRatio.set(id, ratioWithout(o.set, id));
  }
  return { adSetId: target, ratio: target === null ? 1 : ratioWithout(target, req.adId), neighbourRatio };
}
