// What attribution matches against: the ads, ad sets and campaigns of the workspace with their
// names indexed exactly and loosely, and each ad's daily clicks for the time-window fallback.

export interface CatalogAd {
  id: string;
  name: string;
  adSetId: string;
  campaignId: string;
}
export interface CatalogAdSet {
  id: string;
  name: string;
  campaignId: string;
}
export interface CatalogCampaign {
  id: string;
  name: string;
}

/** Case, spacing and Unicode form folded: "Hook A  UGC" = "hook a ugc". */
export function exactKey(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
/** Only letters and digits, accents folded: "Hook-A (UGC)" = "hookaugc". */
export function looseKey(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function index<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (!k) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

const DAY_MS = 86_400_000;
export const dayNumber = (isoDay: string) => Math.round(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);

export class AttributionCatalog {
  readonly ads = new Map<string, CatalogAd>();
  readonly adSets = new Map<string, CatalogAdSet>();
  readonly campaigns = new Map<string, CatalogCampaign>();
  readonly adsByExactName: Map<string, CatalogAd[]>;
  readonly adsByLooseName: Map<string, CatalogAd[]>;
  readonly adSetsByExactName: Map<string, CatalogAdSet[]>;
  readonly campaignsByExactName: Map<string, CatalogCampaign[]>;
  readonly campaignsByLooseName: Map<string, CatalogCampaign[]>;
  readonly adsByAdSet: Map<string, CatalogAd[]>;
  readonly adsByCampaign: Map<string, CatalogAd[]>;
  /** adId → (day number → clicks). */
  private readonly clicks = new Map<string, Map<number, number>>();

  constructor(ads: CatalogAd[], adSets: CatalogAdSet[], campaigns: CatalogCampaign[], clicks: Array<{ adId: string; day: string; clicks: number }> = []) {
    for (const a of ads) this.ads.set(a.id, a);
    for (const s of adSets) this.adSets.set(s.id, s);
    for (const c of campaigns) this.campaigns.set(c.id, c);
    this.adsByExactName = index(ads, (a) => exactKey(a.name));
    this.adsByLooseName = index(ads, (a) => looseKey(a.name));
    this.adSetsByExactName = index(adSets, (s) => exactKey(s.name));
    this.campaignsByExactName = index(campaigns, (c) => exactKey(c.name));
    this.campaignsByLooseName = index(campaigns, (c) => looseKey(c.name));
    this.adsByAdSet = index(ads, (a) => a.adSetId);
    this.adsByCampaign = index(ads, (a) => a.campaignId);
    for (const c of clicks) {
      if (c.clicks <= 0) continue;
      let m = this.clicks.get(c.adId);
      if (!m) this.clicks.set(c.adId, (m = new Map()));
      const d = dayNumber(c.day);
      m.set(d, (m.get(d) ?? 0) + c.clicks);
    }
  }

  /** Clicks of an ad on the `days` days ending with `endDay` (inclusive). */
  clicksBefore(adId: string, endDay: number, days: number): number {
    const m = this.clicks.get(adId);
    if (!m) return 0;
    let s = 0;
    for (let d = endDay - days + 1; d <= endDay; d++) s += m.get(d) ?? 0;
    return s;
  }
}
