// The pickers' lookup: ads or ad sets whose name or id contains what the buyer typed. The text is
// matched literally with strpos, not LIKE: % and _ are LIKE wildcards, and "50% off" must not
// match everything.
import type { Output, ParsedInput } from '../../../contract';
import type { Database } from '../db';

export async function findStructure(db: Database, input: ParsedInput<'structure.find'>): Promise<Output<'structure.find'>> {
  // Rank: the exact id, then names that start with the text, then names or ids that contain it.
  const rank = `case when x.id = $1 then 0 when strpos(lower(x.name), lower($1)) = 1 then 1 else 2 end`;
  const where = `(strpos(lower(x.name), lower($1)) > 0 or strpos(lower(x.id), lower($1)) > 0) and ($2::text is null or x.account_id = $2)`;
  const sql =
    input.kind === 'ad'
      ? `select 'ad' as kind, x.id, x.name, x.status, s.id as ad_set_id, s.name as ad_set_name, c.name as campaign_name
           from ads x join ad_sets s on s.id = x.ad_set_id join campaigns c on c.id = x.campaign_id
          where ${where} order by ${rank}, x.name, x.id limit $3`
      : `select 'adSet' as kind, x.id, x.name, x.status, null as ad_set_id, null as ad_set_name, c.name as campaign_name
           from ad_sets x join campaigns c on c.id = x.campaign_id
          where ${where} order by ${rank}, x.name, x.id limit $3`;
  const res = await db.query<Record<string, unknown>>(sql, [input.query, input.accountId ?? null, input.limit]);
  return res.rows.map((r) => ({
    kind: r.kind === 'ad' ? 'ad' : 'adSet',
    id: String(r.id),
    name: String(r.name),
    status: String(r.status),
    adSetId: r.ad_set_id === null ? null : String(r.ad_set_id),
    adSetName: r.ad_set_name === null ? null : String(r.ad_set_name),
    campaignName: String(r.campaign_name),
  }));
}
