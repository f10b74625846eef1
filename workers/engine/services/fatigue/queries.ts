// Reads behind the Fatigue view: the latest scan's findings with filters, and one ad's daily
// series with its finding for the chart.
import { AdloopError, type FatigueAd, type FatigueRow, type Output, type ParsedInput } from '../../../../contract';
import type { Database } from '../../db';
import { latestScan } from './store';

type Tx = Pick<Database, 'query'>;

// Most urgent first: the remedy differs by cause, and a buyer reads the list top-down.
const ORDER = `case f.status when 'AUDIENCE_EXHAUSTED' then 0 when 'SATURATED' then 1 when 'FATIGUING' then 2 when 'HEALTHY' then 3 else 4 end`;

export async function latestFindings(db: Tx, input: ParsedInput<'fatigue.latest'>): Promise<Output<'fatigue.latest'>> {
  const scan = await latestScan(db);
  if (!scan) return { scan: null, total: 0, findings: [] };
  const where = `f.scan_id = $1 and ($2::text[] is null or f.status = any($2)) and (not $3 or f.is_new)
                 and ($4::text is null or strpos(lower(a.name), lower($4)) > 0 or a.id = $4)`; // literal text: % and _ are not wildcards
  const params = [scan.scanId, input.statuses ?? null, input.newOnly, input.search?.trim() || null];
  const total = await db.query<{ n: number }>(`select count(*)::int as n from fatigue_findings f join ads a on a.id = f.ad_id where ${where}`, params);
  const res = await db.query<Record<string, unknown>>(
    `select f.ad_id, a.name as ad_name, s.name as ad_set_name, c.name as campaign_name, s.audience_type, f.status, f.confidence,
            f.onset_day::text as onset_day, f.days_to_critical, f.evidence->>'test' as test, f.evidence->>'sentence' as sentence,
            f.is_new, f.change_id
       from fatigue_findings f
       join ads a on a.id = f.ad_id
       join ad_sets s on s.id = a.ad_set_id
       join campaigns c on c.id = a.campaign_id
      where ${where}
      order by ${ORDER}, f.is_new desc, f.confidence desc, a.name
      limit $5`,
    [...params, input.limit],
  );
  const findings: FatigueRow[] = res.rows.map((r) => ({
    adId: String(r.ad_id),
    adName: String(r.ad_name),
    adSetName: String(r.ad_set_name),
    campaignName: String(r.campaign_name),
    audience: String(r.audience_type),
    status: r.status as FatigueRow['status'],
    confidence: Number(r.confidence),
    onsetDay: (r.onset_day as string | null) ?? null,
    daysToCritical: r.days_to_critical === null ? null : Number(r.days_to_critical),
    test: String(r.test ?? 'none'),
    sentence: String(r.sentence ?? ''),
    isNew: Boolean(r.is_new),
    changeId: r.change_id === null ? null : Number(r.change_id),
  }));
  return { scan, total: total.rows[0]?.n ?? 0, findings };
}

export async function adHistory(db: Tx, adId: string): Promise<FatigueAd> {
  const ad = await db.query<{ key: number; name: string; account_id: string; ad_set_name: string; audience_type: string }>(
    `select a.key, a.name, a.account_id, s.name as ad_set_name, s.audience_type from ads a join ad_sets s on s.id = a.ad_set_id where a.id = $1`,
    [adId],
  );
  const info = ad.rows[0];
  if (!info) throw new AdloopError('NotFound', `There is no ad ${adId} in this workspace.`);
  const rows = await db.query<{ day: string; impressions: number; clicks: number; spend: string | number; reach: number }>(
    `select day::text as day, impressions, clicks, spend, reach from ad_daily_metrics where ad_key = $1 order by day`,
    [info.key],
  );
  const days = rows.rows;
  const acct = new Map<string, number>();
  if (days.length > 0) {
    const res = await db.query<{ day: string; cpm: number | null }>(
      `select m.day::text as day, sum(m.spend::float8) * 1000 / nullif(sum(m.impressions), 0) as cpm
         from ad_daily_metrics m join ads a on a.key = m.ad_key
        where a.account_id = $1 and m.day between $2::date and $3::date
        group by m.day`,
      [info.account_id, days[0]!.day, days[days.length - 1]!.day],
    );
    for (const r of res.rows) if (r.cpm !== null) acct.set(r.day, Number(r.cpm));
  }
  const series: FatigueAd['series'] = [];
  // Rolling 7-day frequency over calendar days (missing days simply add nothing).
  const window: Array<{ t: number; imp: number; reach: number }> = [];
  let wImp = 0;
  let wReach = 0;
  for (const r of days) {
    const t = Date.parse(`${r.day}T00:00:00Z`) / 86_400_000;
    window.push({ t, imp: r.impressions, reach: r.reach });
    wImp += r.impressions;
    wReach += r.reach;
    while (window[0]!.t <= t - 7) {
      const old = window.shift()!;
      wImp -= old.imp;
      wReach -= old.reach;
    }
    const spend = Number(r.spend);
    series.push({
      day: r.day,
      impressions: r.impressions,
      clicks: r.clicks,
      spend,
      ctr: r.impressions > 0 ? r.clicks / r.impressions : null,
      cpm: r.impressions > 0 ? (spend * 1000) / r.impressions : null,
      accountCpm: acct.get(r.day) ?? null,
      frequency: wReach > 0 ? wImp / wReach : null,
    });
  }
  const f = await db.query<Record<string, unknown>>(
    `select f.scan_id, f.status, f.confidence, f.onset_day::text as onset_day, f.days_to_critical, f.is_new, f.change_id, f.evidence
       from fatigue_findings f where f.ad_id = $1 and f.scan_id = (select max(id) from fatigue_scans where status = 'done')`,
    [adId],
  );
  const fr = f.rows[0];
  let finding: FatigueAd['finding'] = null;
  if (fr) {
    const { baseline, ...rest } = (fr.evidence ?? {}) as Record<string, unknown>;
    finding = {
      scanId: Number(fr.scan_id),
      status: fr.status as FatigueRow['status'],
      confidence: Number(fr.confidence),
      onsetDay: (fr.onset_day as string | null) ?? null,
      daysToCritical: fr.days_to_critical === null ? null : Number(fr.days_to_critical),
      isNew: Boolean(fr.is_new),
      changeId: fr.change_id === null ? null : Number(fr.change_id),
      baseline: (baseline as NonNullable<FatigueAd['finding']>['baseline'] | undefined) ?? null,
      evidence: rest,
    };
  }
  return { adId, accountId: info.account_id, adName: info.name, adSetName: info.ad_set_name, audience: info.audience_type, finding, series };
}
