import { describe, expect, it } from 'vitest';
import { AttributionCatalog } from '../../workers/domain/attribution/catalog';
import { attributeDeals, CONFIDENCE, type DealEvidence, type SourceRecord } from '../../workers/domain/attribution/match';
import { parseTrackingParams } from '../../workers/domain/attribution/url';

const days = Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const catalog = new AttributionCatalog(
  [
    { id: '101', name: 'Hook A', adSetId: 's1', campaignId: 'c1' },
    { id: '102', name: 'Hook B', adSetId: 's1', campaignId: 'c1' },
    { id: '103', name: 'Solo', adSetId: 's2', campaignId: 'c1' },
    { id: '104', name: 'Retarget Video', adSetId: 's3', campaignId: 'c2' },
    { id: '105', name: 'Hook A', adSetId: 's3', campaignId: 'c2' },
    { id: '106', name: 'Only', adSetId: 's4', campaignId: 'c3' },
  ],
  [
    { id: 's1', name: 'Broad', campaignId: 'c1' },
    { id: 's2', name: 'LAL 1%', campaignId: 'c1' },
    { id: 's3', name: 'Warm', campaignId: 'c2' },
    { id: 's4', name: 'Single', campaignId: 'c3' },
  ],
  [
    { id: 'c1', name: 'Prospecting US' },
    { id: 'c2', name: 'Retargeting' },
    { id: 'c3', name: 'Solo camp' },
  ],
  days.flatMap((day) => [
    { adId: '101', day, clicks: 10 },
    { adId: '102', day, clicks: 30 },
    { adId: '104', day, clicks: 5 },
    { adId: '105', day, clicks: 15 },
  ]),
);

const contact = (firstUrl: string | null, more: Partial<SourceRecord> = {}): SourceRecord => ({ contactId: 'c-1', source: null, sourceData1: null, sourceData2: null, firstUrl, facebookClickId: null, ...more });
const deal = (id: string, ...records: SourceRecord[]): DealEvidence => ({ dealId: id, createdDay: '2026-11-10', records });
const one = (d: DealEvidence, extra: DealEvidence[] = []) => attributeDeals([d, ...extra], catalog, { windowDays: 7 })[0]!;
const url = (q: string) => `https://shop.example.com/landing?${q}`;

describe('tracking parameters', () => {
  it('reads hsa_* (hsa_grp as the ad set), utm_* and fbclid; ignores URLs without a query', () => {
    expect(parseTrackingParams(url('hsa_ad=1&hsa_grp=2&hsa_cam=3&utm_content=Hook+A&fbclid=F#x'))).toMatchObject({ hsaAd: '1', hsaAdSet: '2', hsaCampaign: '3', utmContent: 'Hook A', fbclid: 'F' });
    expect(parseTrackingParams('not a url').hsaAd).toBeNull();
  });
});

describe('attribution methods, each with its confidence and explanation', () => {
  it('hsa_ad names the ad', () => {
    const a = one(deal('d1', contact(url('hsa_ad=101&hsa_adset=s1'))));
    expect(a).toMatchObject({ adId: '101', method: 'hsa_ad', confidence: CONFIDENCE.hsa_ad });
    expect(a.explanation).toBe('hsa_ad=101 in the first URL of contact c-1 names ad "Hook A".');
  });

  it('utm_content carrying the ad id', () => {
    expect(one(deal('d', contact(url('utm_source=facebook&utm_content=103'))))).toMatchObject({ adId: '103', method: 'utm', confidence: CONFIDENCE.utm_ad_id });
  });

  it('hsa_grp / hsa_adset naming an ad set with one ad', () => {
    const a = one(deal('d', contact(url('hsa_grp=s2&hsa_cam=c1'))));
    expect(a).toMatchObject({ adId: '103', method: 'hsa_adset', confidence: CONFIDENCE.hsa_adset_single });
    expect(a.explanation).toContain('which has one ad: "Solo"');
  });

  it('utm_content names an ad; the ad set in the URL decides between two ads of that name', () => {
    expect(one(deal('d', contact(url('hsa_adset=s1&utm_content=Hook%20A'))))).toMatchObject({ adId: '101', method: 'utm', confidence: CONFIDENCE.utm_name_scoped });
    expect(one(deal('d', contact(url('utm_campaign=Retargeting&utm_content=hook a'))))).toMatchObject({ adId: '105', method: 'utm' });
  });

  it('a name shared by two ads without scope goes to the one with the clicks, less sure', () => {
    const a = one(deal('d', contact(url('utm_content=Hook A'))));
    expect(a).toMatchObject({ adId: '105', method: 'utm' }); // 15 vs 10 clicks a day
    expect(a.confidence).toBeCloseTo(CONFIDENCE.utm_name * 0.6, 2);
  });

  it('the same click id seen with hsa_ad on another deal credits that ad', () => {
    const other = deal('d-other', contact(url('hsa_ad=104&fbclid=IwAR123456789xyz')));
    const a = one(deal('d', contact(null, { facebookClickId: 'IwAR123456789xyz', source: 'PAID_SOCIAL' })), [other]);
    expect(a).toMatchObject({ adId: '104', method: 'facebook_click_id', confidence: CONFIDENCE.click_id });
    expect(a.explanation).toContain('deal d-other');
    const viaUrl = one(deal('d', contact(url('fbclid=IwAR123456789xyz'))), [other]);
    expect(viaUrl).toMatchObject({ adId: '104', method: 'fbclid' });
  });

  it('HubSpot drill-down 2 holding the ad name', () => {
    expect(one(deal('d', contact(null, { source: 'PAID_SOCIAL', sourceData1: 'Facebook', sourceData2: 'Solo' })))).toMatchObject({ adId: '103', method: 'source_drilldown', confidence: CONFIDENCE.source_drilldown });
  });

  it('a loose name match (punctuation and case ignored) is an ad_name match', () => {
    const a = one(deal('d', contact(url('utm_source=fb&utm_content=retarget-video'))));
    expect(a).toMatchObject({ adId: '104', method: 'ad_name', confidence: CONFIDENCE.ad_name });
  });

  it('a campaign with one ad, named by utm_campaign', () => {
    expect(one(deal('d', contact(url('utm_source=facebook&utm_campaign=Solo%20camp'))))).toMatchObject({ adId: '106', method: 'hsa_campaign' });
  });

  it('time window: an ad set named without its ad, or Meta traffic with nothing more', () => {
    const inSet = one(deal('d', contact(url('hsa_adset=s1'))));
    expect(inSet).toMatchObject({ adId: '102', method: 'time_window' });
    expect(inSet.confidence).toBeCloseTo(CONFIDENCE.window_ad_set * 0.75, 2);
    expect(inSet.explanation).toContain('"Hook B" had 210 of the 280 clicks there in the 7 days');
    const anywhere = one(deal('d', contact(url('utm_source=facebook'))));
    expect(anywhere).toMatchObject({ adId: '102', method: 'time_window' });
    expect(anywhere.confidence).toBeCloseTo(CONFIDENCE.window_account * 0.5, 2);
  });

  it('no sign of Meta, an unknown ad id with no clicks around, or no data: unattributed with the reason', () => {
    expect(one(deal('d', contact(null, { source: 'ORGANIC_SEARCH', sourceData1: 'google' })))).toMatchObject({ adId: null, method: 'none', confidence: 0, explanation: 'Unattributed: no sign of Meta traffic (source ORGANIC_SEARCH).' });
    const early: DealEvidence = { dealId: 'd', createdDay: '2026-10-01', records: [contact(url('hsa_ad=999'))] };
    const a = one(early);
    expect(a).toMatchObject({ adId: null, method: 'none' });
    expect(a.explanation).toContain('hsa_ad=999, not an ad in this workspace');
    expect(one(deal('d', contact(null)))).toMatchObject({ adId: null, explanation: 'Unattributed: no source data on the deal or its contacts.' });
  });

  it('of several contacts the surest match wins', () => {
    const a = one(deal('d', contact(url('utm_source=facebook')), contact(url('hsa_ad=104'), { contactId: 'c-2' })));
    expect(a).toMatchObject({ adId: '104', method: 'hsa_ad', evidence: { contact: 'c-2' } });
  });

  it('is deterministic: the same evidence gives the same result', () => {
    const d = [deal('x', contact(url('utm_content=Hook A'))), deal('y', contact(url('hsa_adset=s1')))];
    expect(attributeDeals(d, catalog, { windowDays: 7 })).toEqual(attributeDeals(d, catalog, { windowDays: 7 }));
  });
});
