// The deterministic simulator: an ad account a media buyer would recognise, with a ground truth
// the other parts are scored against. Same seed → same workspace, byte for byte.
//
// Model (per ad): latent CTR = logistic(DNA effects + audience + noise); delivery from the
// holder's budget split toward better ads, CPM with an account-wide drift and a weekly rhythm,
// reach saturating against the audience; on a known subset, fatigue sets in once lifetime
// frequency passes a threshold and CTR decays toward a floor; clicks become leads, deals move
// through HubSpot's default stages with lags and close won or lost.
import { createRng, sampleNormal } from '../domain/math/random';
import { noisyLogOdds, randomDna } from './dna';
import type { AdTruth, SimAd, SimAdSet, SimCampaign, SimDeal, SimMetrics, SimOptions, SimStage, Simulation, SimAccount } from './types';

const AUDIENCE_BOOST = { cold: 0, lookalike: 0.1, broad: -0.1, retargeting: 0.55 } as const;
const AUDIENCE_CPM = { cold: 1, lookalike: 1.1, broad: 0.85, retargeting: 1.7 } as const;
const SALES_STAGES: Array<[string, string, number]> = [
  ['appointmentscheduled', 'Appointment scheduled', 0.2],
  ['qualifiedtobuy', 'Qualified to buy', 0.4],
  ['presentationscheduled', 'Presentation scheduled', 0.6],
  ['decisionmakerboughtin', 'Decision maker bought-in', 0.8],
  ['contractsent', 'Contract sent', 0.9],
];
const PARTNER_STAGES: Array<[string, string, number]> = [
  ['1001', 'Intro call', 0.25],
  ['1002', 'Pilot', 0.6],
];

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
/** Deals per lead (the lead rate is per click). */
const DEALS_PER_LEAD = 0.06;
/** Chance a deal advances one stage (otherwise it is lost), as the CRM loop below plays it. */
const ADVANCE = 0.8;
/**
 * A deal's expected eventual value in minor units before the ad's value multiplier: the amount
 * (100 · 1,500 · e^(σ²/2) with σ = 0.3; partner deals, 10 %, are 3× as large) times the chance of
 * winning (advancing through every stage of its pipeline).
 */
const EXPECTED_DEAL_VALUE = 100 * 1500 * Math.exp(0.045) * (0.9 * ADVANCE ** SALES_STAGES.length + 0.1 * 3 * ADVANCE ** PARTNER_STAGES.length);

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function poisson(rng: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * sampleNormal(rng)));
  const L = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng();
  } while (p > L);
  return k - 1;
}

function binomial(rng: () => number, n: number, p: number): number {
  const mean = n * p;
  if (mean < 30) return Math.min(n, poisson(rng, mean));
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * sampleNormal(rng))));
}

export function yesterday(): string {
  return addDays(new Date().toISOString().slice(0, 10), -1);
}

export function simulate(opts: SimOptions): Simulation {
  const rng = createRng(opts.seed * 7919 + 17);
  const idRng = createRng(opts.seed * 104729 + 3);
  let idCounter = 0;
  const metaId = () => `2385${String(Math.floor(idRng() * 1e6)).padStart(6, '0')}${String(++idCounter).padStart(7, '0')}`;
  const days = Array.from({ length: opts.days }, (_, i) => addDays(opts.endDay, i - opts.days + 1));

  // Structure: accounts of ~2,000 ads, campaigns of 2–5 ad sets, ad sets of 3–8 ads; half CBO.
  const accounts: SimAccount[] = [];
  const campaigns: SimCampaign[] = [];
  const adSets: SimAdSet[] = [];
  const ads: SimAd[] = [];
  const nAccounts = Math.max(1, Math.ceil(opts.ads / 2000));
  const names = ['Northwind Outdoor', 'Lumen Skincare', 'Harbor SaaS', 'Fieldstone Home', 'Pico Coffee', 'Atlas Fitness'];
  for (let a = 0; a < nAccounts; a++) {
    accounts.push({ id: `10${String(opts.seed % 1000).padStart(3, '0')}${String(a + 1).padStart(8, '0')}`, name: names[a % names.length]! + (a >= names.length ? ` ${a + 1}` : ''), currency: 'USD', offset: 100, minBudget: 100 });
  }
  let remaining = opts.ads;
  let acc = 0;
  let campaignNo = 0;
  while (remaining > 0) {
    const account = accounts[acc % nAccounts]!;
    acc++;
    const cbo = rng() < 0.5;
    const nSets = 2 + Math.floor(rng() * 4);
    campaignNo++;
    const campaign: SimCampaign = {
      id: metaId(),
      accountId: account.id,
      name: `${cbo ? 'ADV+' : 'ABO'} | ${['Prospecting', 'Retargeting', 'Launch', 'Evergreen', 'Promo'][campaignNo % 5]} ${campaignNo}`,
      objective: 'OUTCOME_LEADS',
      budgetMode: cbo ? 'CBO' : 'ABO',
      dailyBudget: null,
    };
    campaigns.push(campaign);
    let cboBudget = 0;
    for (let s = 0; s < nSets && remaining > 0; s++) {
      const audienceType = (['cold', 'lookalike', 'broad', 'retargeting'] as const)[Math.floor(rng() * 4)]!;
      const budget = 100 * Math.round(20 + rng() ** 2 * 480); // $20–$500 a day
      const set: SimAdSet = {
        id: metaId(),
        campaignId: campaign.id,
        accountId: account.id,
        name: `${audienceType[0]!.toUpperCase()}${audienceType.slice(1)} ${s + 1} · ${campaign.name.split('|')[1]!.trim()}`,
        dailyBudget: cbo ? null : budget,
        audienceType,
        // The part of the audience Meta actually serves to: what frequency builds up against.
        audienceSize: audienceType === 'retargeting' ? Math.round(10_000 + rng() * 60_000) : Math.round(40_000 + rng() * 300_000),
      };
      cboBudget += budget;
      adSets.push(set);
      const nAds = Math.min(remaining, 3 + Math.floor(rng() * 6));
      for (let k = 0; k < nAds; k++) {
        // Most ads were already running when the window opens; some launch during it.
        const launchDay = rng() < 0.9 ? 0 : Math.floor(rng() * Math.max(1, opts.days - 7));
        ads.push({
          id: metaId(),
          adSetId: set.id,
          campaignId: campaign.id,
          accountId: account.id,
          name: `Ad ${ads.length + 1} — ${['UGC', 'Studio', 'Static', 'Demo', 'Founder'][Math.floor(rng() * 5)]}`,
          dna: randomDna(rng),
          launchDay,
          pausedDay: null,
        });
      }
      remaining -= nAds;
    }
    if (cbo) campaign.dailyBudget = cboBudget;
  }

  // Latent rates and fatigue susceptibility (the ground truth).
  const nAds = ads.length;
  const setIndex = new Map(adSets.map((s, i) => [s.id, i]));
  const adSetOf = Int32Array.from(ads, (a) => setIndex.get(a.adSetId)!);
  const baseCtr = new Float64Array(nAds);
  const leadRate = new Float64Array(nAds);
  const valueMult = new Float64Array(nAds);
  const fatigueAt = new Float64Array(nAds).fill(Infinity); // lifetime frequency threshold
  const fatigueFloor = new Float64Array(nAds);
  const fatigueTau = new Float64Array(nAds);
  for (let i = 0; i < nAds; i++) {
    const set = adSets[adSetOf[i]!]!;
    baseCtr[i] = logistic(noisyLogOdds(rng, ads[i]!.dna, AUDIENCE_BOOST[set.audienceType]));
    leadRate[i] = 0.025 * Math.exp(0.5 * sampleNormal(rng)) * (set.audienceType === 'retargeting' ? 1.6 : 1);
    valueMult[i] = Math.exp(0.35 * sampleNormal(rng));
    if (rng() < 0.2) {
      fatigueAt[i] = 1.6 + rng() * 1.4;
      fatigueFloor[i] = 0.4 + rng() * 0.2;
      fatigueTau[i] = 4 + rng() * 6;
    }
  }

  // Delivery, day by day. Within a holder, spend leans toward ads with a better current CTR.
  const capacity = nAds * opts.days;
  const m: SimMetrics = {
    count: 0,
    ad: new Int32Array(capacity),
    day: new Int32Array(capacity),
    impressions: new Int32Array(capacity),
    reach: new Int32Array(capacity),
    clicks: new Int32Array(capacity),
    spend: new Int32Array(capacity),
  };
  // A holder is the ad set (ABO) or, as a negative index, the campaign (CBO).
  const campaignIndex = new Map(campaigns.map((c, i) => [c.id, i]));
  const byHolder = new Map<number, number[]>();
  for (let i = 0; i < nAds; i++) {
    const c = campaignIndex.get(ads[i]!.campaignId)!;
    const holder = campaigns[c]!.budgetMode === 'CBO' ? -1 - c : adSetOf[i]!;
    const list = byHolder.get(holder);
    if (list) list.push(i);
    else byHolder.set(holder, [i]);
  }
  const cumImp = new Float64Array(nAds);
  const cumReach = new Float64Array(nAds);
  const onsetDay = new Int32Array(nAds).fill(-1);
  const clicksByDay: number[][] = Array.from({ length: opts.days }, () => []);
  const accountCpm = accounts.map(() => 700 + rng() * 700);
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
  const ctrNow = new Float64Array(nAds);
  // Expected pipeline value of each ad's actual delivery at its latent rates (no deal noise).
  const expectedValue = new Float64Array(nAds);

  for (let d = 0; d < opts.days; d++) {
    const drift = 1 + 0.004 * d + 0.08 * Math.sin((2 * Math.PI * d) / 7);
    for (const [holder, members] of byHolder) {
      const budget = holder < 0 ? campaigns[-1 - holder]!.dailyBudget! : adSets[holder]!.dailyBudget!;
      const live = members.filter((i) => d >= ads[i]!.launchDay && (ads[i]!.pausedDay === null || d < ads[i]!.pausedDay!));
      if (live.length === 0) continue;
      let wsum = 0;
      const w = live.map((i) => {
        const t = onsetDay[i]! >= 0 ? d - onsetDay[i]! : -1;
        const mult = t >= 0 ? fatigueFloor[i]! + (1 - fatigueFloor[i]!) * Math.exp(-t / fatigueTau[i]!) : 1;
        ctrNow[i] = baseCtr[i]! * mult;
        const x = Math.exp(40 * ctrNow[i]!);
        wsum += x;
        return x;
      });
      live.forEach((i, k) => {
        const set = adSets[adSetOf[i]!]!;
        const spend = Math.max(0, Math.round(budget * (w[k]! / wsum) * (0.9 + 0.2 * rng())));
        const cpm = accountCpm[accountIndex.get(set.accountId)!]! * drift * AUDIENCE_CPM[set.audienceType] * Math.exp(0.08 * sampleNormal(rng));
        const impressions = Math.floor((spend * 1000) / cpm);
        if (impressions === 0) return;
        // Daily reach: new people shrink as the audience saturates; frequency rises.
        const saturation = cumReach[i]! / set.audienceSize;
        const dailyFreq = 1.05 + 0.9 * saturation + 0.15 * rng();
        const reach = Math.max(1, Math.min(impressions, Math.round(impressions / dailyFreq)));
        cumReach[i] = Math.min(set.audienceSize, cumReach[i]! + reach * (1 - saturation));
        cumImp[i] = cumImp[i]! + impressions;
        const lifetimeFreq = cumImp[i]! / Math.max(1, cumReach[i]!);
        if (onsetDay[i]! < 0 && lifetimeFreq >= fatigueAt[i]!) onsetDay[i] = d;
        expectedValue[i] = expectedValue[i]! + impressions * ctrNow[i]! * leadRate[i]! * DEALS_PER_LEAD * EXPECTED_DEAL_VALUE * valueMult[i]!;
        const clicks = binomial(rng, impressions, ctrNow[i]!);
        const r = m.count++;
        m.ad[r] = i;
        m.day[r] = d;
        m.impressions[r] = impressions;
        m.reach[r] = reach;
        m.clicks[r] = clicks;
        m.spend[r] = spend;
        clicksByDay[d]!.push(i, clicks);
      });
    }
  }

  // CRM: leads from clicks, deals moving through stages with lags, closing won or lost.
  const pipelines = [
    { id: 'default', label: 'Sales Pipeline', order: 0 },
    { id: '7001', label: 'Partnerships', order: 1 },
  ];
  const stages: SimStage[] = [];
  SALES_STAGES.forEach(([id, label, p], k) => stages.push({ pipelineId: 'default', id, label, order: k, probability: p, isClosed: false, isWon: false }));
  stages.push({ pipelineId: 'default', id: 'closedwon', label: 'Closed won', order: 5, probability: 1, isClosed: true, isWon: true });
  stages.push({ pipelineId: 'default', id: 'closedlost', label: 'Closed lost', order: 6, probability: 0, isClosed: true, isWon: false });
  PARTNER_STAGES.forEach(([id, label, p], k) => stages.push({ pipelineId: '7001', id, label, order: k, probability: p, isClosed: false, isWon: false }));
  stages.push({ pipelineId: '7001', id: '1003', label: 'Signed', order: 2, probability: 1, isClosed: true, isWon: true });
  stages.push({ pipelineId: '7001', id: '1004', label: 'Lost', order: 3, probability: 0, isClosed: true, isWon: false });

  const deals: SimDeal[] = [];
  const pipelineValue = new Float64Array(nAds);
  const adById = ads;
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  for (let d = 0; d < opts.days; d++) {
    const row = clicksByDay[d]!;
    for (let k = 0; k < row.length; k += 2) {
      const i = row[k]!;
      const n = poisson(rng, row[k + 1]! * leadRate[i]! * DEALS_PER_LEAD);
      for (let q = 0; q < n; q++) {
        const created = d + Math.floor(rng() * 3);
        if (created >= opts.days) continue;
        const partner = rng() < 0.1;
        const ladder = partner ? PARTNER_STAGES : SALES_STAGES;
        const age = opts.days - 1 - created;
        const stepLag = 3 + Math.floor(rng() * 5);
        let step = 0;
        let lost = false;
        while (step < ladder.length && (step + 1) * stepLag <= age) {
          if (rng() > ADVANCE) {
            lost = true;
            break;
          }
          step++;
        }
        const won = !lost && step >= ladder.length;
        const stage = lost ? (partner ? '1004' : 'closedlost') : won ? (partner ? '1003' : 'closedwon') : ladder[Math.min(step, ladder.length - 1)]![0];
        const amount = 100 * Math.round(1500 * valueMult[i]! * Math.exp(0.3 * sampleNormal(rng)) * (partner ? 3 : 1));
        const closedDay = lost || won ? Math.min(opts.days - 1, created + (step + 1) * stepLag) : null;
        const ad = adById[i]!;
        const r = rng();
        const fbclid = `IwAR${Math.floor(rng() * 1e12).toString(36)}${Math.floor(rng() * 1e12).toString(36)}`;
        const utmCampaign = encodeURIComponent(campaignName.get(ad.campaignId) ?? '');
        const contact =
          r < 0.85
            ? { source: 'PAID_SOCIAL', sourceData1: 'Facebook', sourceData2: ad.name, firstUrl: `https://shop.example.com/landing?utm_source=facebook&utm_medium=paid&utm_campaign=${utmCampaign}&hsa_ad=${ad.id}&hsa_adset=${ad.adSetId}&hsa_cam=${ad.campaignId}&fbclid=${fbclid}`, facebookClickId: fbclid }
            : r < 0.92
              ? { source: 'PAID_SOCIAL', sourceData1: 'Facebook', sourceData2: null, firstUrl: `https://shop.example.com/?utm_source=facebook&utm_campaign=${utmCampaign}`, facebookClickId: null }
              : { source: 'ORGANIC_SEARCH', sourceData1: 'google', sourceData2: null, firstUrl: null, facebookClickId: null };
        deals.push({
          id: String(9_000_000_000 + deals.length * 7 + (opts.seed % 7)),
          name: `Deal ${deals.length + 1}`,
          pipelineId: partner ? '7001' : 'default',
          stageId: stage,
          amount,
          createdDay: created,
          closedDay,
          ad: i,
          contact: { id: String(5_000_000_000 + deals.length), ...contact },
        });
        const p = lost ? 0 : won ? 1 : (ladder[Math.min(step, ladder.length - 1)]![2] ?? 0);
        pipelineValue[i] = pipelineValue[i]! + p * amount;
      }
    }
  }
  const spendByAd = new Float64Array(nAds);
  for (let r = 0; r < m.count; r++) spendByAd[m.ad[r]!] = spendByAd[m.ad[r]!]! + m.spend[r]!;

  const truth: AdTruth[] = ads.map((a, i) => ({
    adId: a.id,
    latentCtr: baseCtr[i]!,
    fatigueOnsetDay: onsetDay[i]! >= 0 ? days[onsetDay[i]!]! : null,
    fatigueCurve: Number.isFinite(fatigueAt[i]!) ? { floor: fatigueFloor[i]!, tauDays: fatigueTau[i]! } : null,
    // DOMAIN.md's bar applied to the latent truth: CTR ≥ 3 % or true pipeline ROAS ≥ 3.0, where the
    // true ROAS is the expected value of the ad's delivery at its latent rates — not the deals that
    // happened to be drawn, which on a late launch's few clicks are mostly luck.
    isWinner: baseCtr[i]! >= 0.03 || (spendByAd[i]! > 0 && expectedValue[i]! / spendByAd[i]! >= 3),
    truePipelineRoas: spendByAd[i]! > 0 ? expectedValue[i]! / spendByAd[i]! : null,
    pipelineValue: Math.round(pipelineValue[i]!),
  }));

  return { options: opts, days, accounts, campaigns, adSets, ads, metrics: m, pipelines, stages, deals, truth };
}
