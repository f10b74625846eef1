// The simulator's output as Meta Graph objects: accounts, campaigns, ad sets, ads, creatives and
// daily ad-level insights rows with the API's string numbers. Mutable where Meta is: budgets and
// statuses change through writes, and a test may restate a day's numbers.
import type { Simulation } from '../../../workers/simulator';
import { minorToDecimal } from '../shared/http';

export type Status = 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED';

export interface MetaCampaign { id: string; accountId: string; name: string; objective: string; status: Status; dailyBudget: number | null }
export interface MetaAdSet { id: string; campaignId: string; accountId: string; name: string; status: Status; dailyBudget: number | null }
export interface MetaAd { id: string; adSetId: string; campaignId: string; accountId: string; name: string; status: Status; creativeId: string }

/** One insights row before formatting; `restated` rows replace the simulator's numbers. */
export interface DayRow { adIndex: number; dayIndex: number; impressions: number; reach: number; clicks: number; spend: number }

export class MetaData {
  readonly campaigns = new Map<string, MetaCampaign>();
  readonly adSets = new Map<string, MetaAdSet>();
  readonly ads = new Map<string, MetaAd>();
  /** Rows per account, ordered by day then ad (Meta's order for time_increment=1). */
  private readonly rowsByAccount = new Map<string, number[]>();
  private readonly restated = new Map<string, DayRow>();
  /** The last range asked for: paging through it must not rescan every row per page. */
  private cache: { key: string; rows: DayRow[] } | null = null;

  constructor(readonly sim: Simulation) {
    for (const c of sim.campaigns) this.campaigns.set(c.id, { id: c.id, accountId: c.accountId, name: c.name, objective: c.objective, status: 'ACTIVE', dailyBudget: c.budgetMode === 'CBO' ? c.dailyBudget : null });
    for (const s of sim.adSets) this.adSets.set(s.id, { id: s.id, campaignId: s.campaignId, accountId: s.accountId, name: s.name, status: 'ACTIVE', dailyBudget: s.dailyBudget });
    for (const a of sim.ads) this.ads.set(a.id, { id: a.id, adSetId: a.adSetId, campaignId: a.campaignId, accountId: a.accountId, name: a.name, status: a.pausedDay === null ? 'ACTIVE' : 'PAUSED', creativeId: creativeIdOf(a.id) });
    const m = sim.metrics;
    const order = Array.from({ length: m.count }, (_, r) => r).sort((x, y) => m.day[x]! - m.day[y]! || m.ad[x]! - m.ad[y]!);
    for (const r of order) {
      const acc = sim.ads[m.ad[r]!]!.accountId;
      let list = this.rowsByAccount.get(acc);
      if (!list) this.rowsByAccount.set(acc, (list = []));
      list.push(r);
    }
  }

  account(id: string) {
    return this.sim.accounts.find((a) => a.id === id) ?? null;
  }

  /** Rows of the account whose day lies in [since, until] (ISO days, inclusive). */
  rows(accountId: string, since: string, until: string): DayRow[] {
    const key = `${accountId}|${since}|${until}`;
    if (this.cache?.key === key) return this.cache.rows;
    const out = this.scan(accountId, since, until);
    this.cache = { key, rows: out };
    return out;
  }

  private scan(accountId: string, since: string, until: string): DayRow[] {
    const m = this.sim.metrics;
    const out: DayRow[] = [];
    for (const r of this.rowsByAccount.get(accountId) ?? []) {
      const day = this.sim.days[m.day[r]!]!;
      if (day < since || day > until) continue;
      const key = `${m.ad[r]}:${m.day[r]}`;
      out.push(this.restated.get(key) ?? { adIndex: m.ad[r]!, dayIndex: m.day[r]!, impressions: m.impressions[r]!, reach: m.reach[r]!, clicks: m.clicks[r]!, spend: m.spend[r]! });
    }
    return out;
  }

  /** Meta revises recent days after the fact: change one ad-day's numbers. */
  restate(adId: string, day: string, patch: Partial<Pick<DayRow, 'impressions' | 'reach' | 'clicks' | 'spend'>>): void {
    const adIndex = this.sim.ads.findIndex((a) => a.id === adId);
    const dayIndex = this.sim.days.indexOf(day);
    const current = adIndex >= 0 && dayIndex >= 0 ? this.rows(this.sim.ads[adIndex]!.accountId, day, day).find((r) => r.adIndex === adIndex) : undefined;
    if (!current) throw new Error(`no insights row for ad ${adId} on ${day}`);
    this.restated.set(`${adIndex}:${dayIndex}`, { ...current, ...patch });
    this.cache = null;
  }

  /** An insights row as the API sends it: numbers as strings, link clicks in `actions`. */
  format(row: DayRow, fields: Set<string>): Record<string, unknown> {
    const ad = this.sim.ads[row.adIndex]!;
    const account = this.account(ad.accountId)!;
    const day = this.sim.days[row.dayIndex]!;
    const full: Record<string, unknown> = {
      account_id: ad.accountId,
      campaign_id: ad.campaignId,
      adset_id: ad.adSetId,
      ad_id: ad.id,
      ad_name: ad.name,
      impressions: String(row.impressions),
      reach: String(row.reach),
      frequency: row.reach > 0 ? (row.impressions / row.reach).toFixed(6) : '0',
      clicks: String(row.clicks),
      spend: minorToDecimal(row.spend, account.offset),
      ctr: row.impressions > 0 ? ((row.clicks / row.impressions) * 100).toFixed(6) : '0',
      cpm: row.impressions > 0 ? ((row.spend / account.offset / row.impressions) * 1000).toFixed(6) : '0',
      actions: row.clicks > 0 ? [{ action_type: 'link_click', value: String(row.clicks) }] : undefined,
      action_values: undefined,
    };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(full)) if (v !== undefined && (fields.size === 0 || fields.has(k))) out[k] = v;
    out.date_start = day;
    out.date_stop = day;
    return out;
  }
}

export const creativeIdOf = (adId: string): string => `${adId.slice(0, -1)}9`;
