// Crediting a HubSpot deal to the Meta ad that brought it (DOMAIN.md §4), from its contacts' and
// its own source data. Each way of matching has a confidence that says how sure it is: an ad id
// in the URL is near-certain; a name can be shared by several ads; the time-window fallback only
// knows which ad got the clicks. Every result carries a sentence a buyer can check. Pure.
import { AttributionCatalog, dayNumber, exactKey, looseKey, type CatalogAd } from './catalog';
import { looksLikeMeta, parseTrackingParams, type TrackingParams } from './url';

import type { AttributionMethodName } from '../../../contract';

export type AttributionMethod = AttributionMethodName;

/** How sure each method is when it finds exactly one ad (fallbacks scale by click share). */
export const CONFIDENCE = {
  hsa_ad: 0.97,
  utm_ad_id: 0.93,
  click_id: 0.9,
  hsa_adset_single: 0.88,
  utm_name_scoped: 0.85,
  utm_name: 0.8,
  hsa_campaign_single: 0.8,
  source_drilldown: 0.75,
  ad_name: 0.6,
  window_ad_set: 0.7,
  window_campaign: 0.5,
  window_account: 0.3,
} as const;

export interface SourceRecord {
  /** The contact whose data this is; null for the deal's own source fields. */
  contactId: string | null;
  source: string | null;
  sourceData1: string | null;
  sourceData2: string | null;
  firstUrl: string | null;
  facebookClickId: string | null;
}

export interface DealEvidence {
  dealId: string;
  /** The day the deal was created (ISO), the end of the time window. */
  createdDay: string;
  records: SourceRecord[];
}

export interface Attribution {
  dealId: string;
  adId: string | null;
  method: AttributionMethod;
  confidence: number;
  explanation: string;
  evidence: Record<string, unknown>;
}

export interface AttributeOptions {
  /** Days of clicks before (and including) the deal's creation day the fallback looks at. */
  windowDays: number;
}

type Scope = { kind: 'ad_set' | 'campaign'; id: string; name: string; how: string } | { kind: 'account'; how: string };

interface Found {
  adId: string | null;
  method: AttributionMethod;
  confidence: number;
  explanation: string;
  evidence: Record<string, unknown>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const who = (r: SourceRecord) => (r.contactId ? `contact ${r.contactId}` : 'the deal');
const q = (s: string) => `"${s}"`;

/**
 * Click ids (fbclid / hs_facebook_click_id) seen next to an hsa_ad id name that ad: another
 * contact that arrived on the same click (a second form fill, a merged record) is credited to it.
 */
export function clickIdIndex(deals: DealEvidence[], catalog: AttributionCatalog): Map<string, { adId: string; dealId: string }> {
  const m = new Map<string, { adId: string; dealId: string }>();
  for (const d of deals) {
    for (const r of d.records) {
      const t = parseTrackingParams(r.firstUrl);
      if (!t.hsaAd || !catalog.ads.has(t.hsaAd)) continue;
      for (const id of [t.fbclid, r.facebookClickId]) if (id && !m.has(id)) m.set(id, { adId: t.hsaAd, dealId: d.dealId });
    }
  }
  return m;
}

function unique<T>(list: T[] | undefined): T | null {
  return list && list.length === 1 ? list[0]! : null;
}

/** The ad set / campaign a record's ids or names point to, narrowest first. */
function scopeOf(t: TrackingParams, r: SourceRecord, cat: AttributionCatalog): Scope | null {
  if (t.hsaAdSet && cat.adSets.has(t.hsaAdSet)) return { kind: 'ad_set', id: t.hsaAdSet, name: cat.adSets.get(t.hsaAdSet)!.name, how: `hsa_adset=${t.hsaAdSet} names ad set ${q(cat.adSets.get(t.hsaAdSet)!.name)}` };
  const campaignFromId = t.hsaCampaign && cat.campaigns.has(t.hsaCampaign) ? cat.campaigns.get(t.hsaCampaign)! : null;
  const campaignFromUtm = t.utmCampaign ? (unique(cat.campaignsByExactName.get(exactKey(t.utmCampaign))) ?? unique(cat.campaignsByLooseName.get(looseKey(t.utmCampaign)))) : null;
  const campaign = campaignFromId ?? campaignFromUtm;
  if (t.utmTerm) {
    const sets = (cat.adSetsByExactName.get(exactKey(t.utmTerm)) ?? []).filter((s) => !campaign || s.campaignId === campaign.id);
    const s = unique(sets);
    if (s) return { kind: 'ad_set', id: s.id, name: s.name, how: `utm_term=${q(t.utmTerm)} names ad set ${q(s.name)}` };
  }
  if (r.sourceData2) {
    const sets = (cat.adSetsByExactName.get(exactKey(r.sourceData2)) ?? []).filter((s) => !campaign || s.campaignId === campaign.id);
    const s = unique(sets);
    if (s) return { kind: 'ad_set', id: s.id, name: s.name, how: `drill-down 2 ${q(r.sourceData2)} names ad set ${q(s.name)}` };
  }
  if (campaignFromId) return { kind: 'campaign', id: campaignFromId.id, name: campaignFromId.name, how: `hsa_cam=${campaignFromId.id} names campaign ${q(campaignFromId.name)}` };
  if (campaignFromUtm) return { kind: 'campaign', id: campaignFromUtm.id, name: campaignFromUtm.name, how: `utm_campaign=${q(t.utmCampaign!)} names campaign ${q(campaignFromUtm.name)}` };
  if (r.sourceData2) {
    const c = unique(cat.campaignsByExactName.get(exactKey(r.sourceData2)));
    if (c) return { kind: 'campaign', id: c.id, name: c.name, how: `drill-down 2 ${q(r.sourceData2)} names campaign ${q(c.name)}` };
  }
  return null;
}

function inScope(ads: CatalogAd[], scope: Scope | null): CatalogAd[] {
  if (!scope || scope.kind === 'account') return ads;
  return ads.filter((a) => (scope.kind === 'ad_set' ? a.adSetId === scope.id : a.campaignId === scope.id));
}

/** The ad with the most clicks in the window among candidates; confidence scaled by its share. */
function byClicks(candidates: CatalogAd[], cat: AttributionCatalog, end: number, opts: AttributeOptions, base: number, method: AttributionMethod, lead: string): Found | null {
  let best: CatalogAd | null = null;
  let bestClicks = 0;
  let total = 0;
  for (const a of candidates) {
    const c = cat.clicksBefore(a.id, end, opts.windowDays);
    total += c;
    if (c > bestClicks) [best, bestClicks] = [a, c];
  }
  if (!best) return null;
  const share = bestClicks / total;
  return {
    adId: best.id,
    method,
    confidence: round2(base * share),
    explanation: `${lead}; ${q(best.name)} had ${bestClicks} of the ${total} clicks there in the ${opts.windowDays} days up to the deal's creation.`,
    evidence: { candidates: candidates.length, clicks: bestClicks, totalClicks: total, windowDays: opts.windowDays },
  };
}

function matchRecord(r: SourceRecord, d: DealEvidence, cat: AttributionCatalog, clickIds: Map<string, { adId: string; dealId: string }>, opts: AttributeOptions): Found | null {
  const t = parseTrackingParams(r.firstUrl);
  const end = dayNumber(d.createdDay);
  const base = { contact: r.contactId };
  const adName = (id: string) => q(cat.ads.get(id)!.name);

  // 1. The ad id itself.
  if (t.hsaAd && cat.ads.has(t.hsaAd)) {
    return { adId: t.hsaAd, method: 'hsa_ad', confidence: CONFIDENCE.hsa_ad, explanation: `hsa_ad=${t.hsaAd} in the first URL of ${who(r)} names ad ${adName(t.hsaAd)}.`, evidence: { ...base, hsa_ad: t.hsaAd } };
  }
  if (t.utmContent && cat.ads.has(t.utmContent)) {
    return { adId: t.utmContent, method: 'utm', confidence: CONFIDENCE.utm_ad_id, explanation: `utm_content=${t.utmContent} in the first URL of ${who(r)} is the id of ad ${adName(t.utmContent)}.`, evidence: { ...base, utm_content: t.utmContent } };
  }
  // 2. The same click seen with an ad id elsewhere.
  for (const [id, method] of [[t.fbclid, 'fbclid'], [r.facebookClickId, 'facebook_click_id']] as const) {
    const hit = id ? clickIds.get(id) : undefined;
    if (hit && hit.dealId !== d.dealId) {
      const field = method === 'fbclid' ? 'fbclid' : 'hs_facebook_click_id';
      return { adId: hit.adId, method, confidence: CONFIDENCE.click_id, explanation: `${field} ${id!.slice(0, 12)}… of ${who(r)} is the click that brought deal ${hit.dealId}, whose URL names ad ${adName(hit.adId)}.`, evidence: { ...base, [field]: id, viaDeal: hit.dealId } };
    }
  }
  const scope = scopeOf(t, r, cat);
  // 3. The ad set id (hsa_adset or hsa_grp) when it holds one ad.
  if (scope?.kind === 'ad_set' && t.hsaAdSet === scope.id) {
    const one = unique(cat.adsByAdSet.get(scope.id));
    if (one) return { adId: one.id, method: 'hsa_adset', confidence: CONFIDENCE.hsa_adset_single, explanation: `${scope.how}, which has one ad: ${q(one.name)}.`, evidence: { ...base, hsa_adset: scope.id } };
  }
  // 4. Names from the UTM template, inside the ad set / campaign the URL names when it does.
  if (t.utmContent) {
    const named = inScope(cat.adsByExactName.get(exactKey(t.utmContent)) ?? [], scope);
    if (named.length === 1) {
      return { adId: named[0]!.id, method: 'utm', confidence: scope ? CONFIDENCE.utm_name_scoped : CONFIDENCE.utm_name, explanation: `utm_content=${q(t.utmContent)} in the first URL of ${who(r)} is the name of ad ${q(named[0]!.name)}${scope ? ` (${scope.how})` : ''}.`, evidence: { ...base, utm_content: t.utmContent, ...(scope ? { scope: scope.kind, scopeId: 'id' in scope ? scope.id : null } : {}) } };
    }
    if (named.length > 1) {
      const f = byClicks(named, cat, end, opts, CONFIDENCE.utm_name, 'utm', `utm_content=${q(t.utmContent)} names ${named.length} ads`);
      if (f) return { ...f, evidence: { ...base, utm_content: t.utmContent, ...f.evidence } };
    }
  }
  // 5. HubSpot's original-source drill-down 2 (the ad's name for tracked Meta ads).
  if (r.sourceData2) {
    const named = inScope(cat.adsByExactName.get(exactKey(r.sourceData2)) ?? [], scope);
    if (named.length === 1) {
      return { adId: named[0]!.id, method: 'source_drilldown', confidence: CONFIDENCE.source_drilldown, explanation: `Original source drill-down 2 of ${who(r)} is ${q(r.sourceData2)}, the name of ad ${q(named[0]!.name)}.`, evidence: { ...base, source_data_2: r.sourceData2 } };
    }
  }
  // 6. Loose name matches (punctuation, case and accents ignored).
  for (const [field, value] of [['utm_content', t.utmContent], ['drill-down 2', r.sourceData2], ['utm_term', t.utmTerm]] as const) {
    if (!value) continue;
    const named = inScope(cat.adsByLooseName.get(looseKey(value)) ?? [], scope?.kind === 'campaign' ? scope : null);
    if (named.length === 1) {
      return { adId: named[0]!.id, method: 'ad_name', confidence: CONFIDENCE.ad_name, explanation: `${field} ${q(value)} of ${who(r)} matches ad name ${q(named[0]!.name)} when case and punctuation are ignored.`, evidence: { ...base, [field.replace(/[- ]/g, '_')]: value } };
    }
  }
  // 7. The campaign id when the campaign holds one ad.
  if (scope?.kind === 'campaign') {
    const one = unique(cat.adsByCampaign.get(scope.id));
    if (one) return { adId: one.id, method: 'hsa_campaign', confidence: CONFIDENCE.hsa_campaign_single, explanation: `${scope.how}, which has one ad: ${q(one.name)}.`, evidence: { ...base, campaign: scope.id } };
  }
  // 8. Time window: Meta traffic for sure, ad unknown — the ad that got the clicks then.
  if (scope) {
    const candidates = scope.kind === 'ad_set' ? (cat.adsByAdSet.get(scope.id) ?? []) : scope.kind === 'campaign' ? (cat.adsByCampaign.get(scope.id) ?? []) : [];
    const f = byClicks(candidates, cat, end, opts, scope.kind === 'ad_set' ? CONFIDENCE.window_ad_set : CONFIDENCE.window_campaign, 'time_window', scope.how);
    if (f) return { ...f, evidence: { ...base, scope: scope.kind, ...f.evidence } };
  }
  if (looksLikeMeta(t, r.source, r.sourceData1, r.facebookClickId)) {
    const f = byClicks([...cat.ads.values()], cat, end, opts, CONFIDENCE.window_account, 'time_window', `${who(r)} came from Meta (${metaHint(t, r)}) without naming an ad`);
    if (f) return { ...f, evidence: { ...base, scope: 'account', ...f.evidence } };
    return { adId: null, method: 'none', confidence: 0, explanation: `${who(r)} came from Meta (${metaHint(t, r)}) but no ad had clicks in the ${opts.windowDays} days up to the deal's creation.`, evidence: { ...base } };
  }
  return null;
}

function metaHint(t: TrackingParams, r: SourceRecord): string {
  if (t.hsaAd) return `hsa_ad=${t.hsaAd}, not an ad in this workspace`;
  if (t.fbclid || r.facebookClickId) return 'a Facebook click id';
  if (t.utmSource) return `utm_source=${t.utmSource}`;
  return `source ${r.source ?? '?'} / ${r.sourceData1 ?? '?'}`;
}

/** Why a deal with no usable record stays unattributed. */
function noneReason(d: DealEvidence): string {
  const sources = [...new Set(d.records.map((r) => r.source).filter(Boolean))];
  const unknownAd = d.records.map((r) => parseTrackingParams(r.firstUrl).hsaAd).find(Boolean);
  if (unknownAd) return `hsa_ad=${unknownAd} is not an ad in this workspace (import or sync that account).`;
  if (d.records.every((r) => !r.source && !r.firstUrl && !r.sourceData2)) return 'no source data on the deal or its contacts.';
  return `no sign of Meta traffic (source ${sources.join(', ') || 'unknown'}).`;
}

export function attributeDeals(deals: DealEvidence[], catalog: AttributionCatalog, opts: AttributeOptions): Attribution[] {
  const clickIds = clickIdIndex(deals, catalog);
  return deals.map((d) => {
    let best: Found | null = null;
    let fallback: Found | null = null;
    for (const r of d.records) {
      const f = matchRecord(r, d, catalog, clickIds, opts);
      if (!f) continue;
      if (f.adId === null) fallback ??= f;
      else if (!best || f.confidence > best.confidence) best = f;
    }
    const chosen = best ?? fallback;
    if (chosen) return { dealId: d.dealId, ...chosen };
    return { dealId: d.dealId, adId: null, method: 'none', confidence: 0, explanation: `Unattributed: ${noneReason(d)}`, evidence: {} };
  });
}
