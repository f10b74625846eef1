// The tracking parameters in a contact's first URL (hs_analytics_first_url). Meta's URL
// parameters put the ids there (hsa_ad, hsa_adset — some setups write hsa_grp — hsa_cam); buyers'
// UTM templates usually put names ({{ad.name}} in utm_content, {{adset.name}} in utm_term,
// {{campaign.name}} in utm_campaign), sometimes ids.

export interface TrackingParams {
  hsaAd: string | null;
  hsaAdSet: string | null;
  hsaCampaign: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  fbclid: string | null;
}

const EMPTY: TrackingParams = { hsaAd: null, hsaAdSet: null, hsaCampaign: null, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null, fbclid: null };

function query(url: string): URLSearchParams | null {
  const q = url.indexOf('?');
  if (q < 0) return null;
  const hash = url.indexOf('#', q);
  try {
    return new URLSearchParams(url.slice(q + 1, hash < 0 ? undefined : hash));
  } catch {
    return null;
  }
}

export function parseTrackingParams(url: string | null | undefined): TrackingParams {
  if (!url) return EMPTY;
  const p = query(url.trim());
  if (!p) return EMPTY;
  const get = (...names: string[]) => {
    for (const n of names) {
      const v = p.get(n)?.trim();
      if (v) return v;
    }
    return null;
  };
  return {
    hsaAd: get('hsa_ad'),
    hsaAdSet: get('hsa_adset', 'hsa_grp'),
    hsaCampaign: get('hsa_cam'),
    utmSource: get('utm_source'),
    utmMedium: get('utm_medium'),
    utmCampaign: get('utm_campaign'),
    utmContent: get('utm_content'),
    utmTerm: get('utm_term'),
    fbclid: get('fbclid'),
  };
}

const META_SOURCES = /^(facebook|fb|instagram|ig|meta|messenger|an|audience[_ ]network)(\.com)?$/i;

/** Evidence that the visit came from Meta at all (needed before any fallback guesses an ad). */
export function looksLikeMeta(t: TrackingParams, source: string | null, drillDown1: string | null, clickId: string | null): boolean {
  if (t.hsaAd || t.hsaAdSet || t.hsaCampaign || t.fbclid || clickId) return true;
  if (t.utmSource && META_SOURCES.test(t.utmSource)) return true;
  return /social/i.test(source ?? '') && /facebook|instagram|meta/i.test(drillDown1 ?? '');
}
