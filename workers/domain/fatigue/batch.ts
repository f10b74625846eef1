// The detector over a whole account in columnar form: one pass of a few loops per ad over typed
// arrays, no objects per row. The piscina pool calls this with transferred buffers; the
// per-ad API (detect.ts) packs one ad into the same columns and calls the same code.
//
// Method, per ad, as of day T:
// 1. Warm-up. Until the ad has minDays of life, minImpressions, minSpend and minBaselineClicks in
//    its baseline it is WARMING: nothing below is trustworthy on less.
// 2. Launch baseline = life days 3–7 (days 1–2 are Meta's learning phase), extended day by day up
//    to day 14 while it has fewer than minBaselineClicks. A fixed window rather than the "early
//    rolling peak": the maximum of noisy rolling CTRs is biased upward (winner's curse), which
//    would make every ad look like it declined from its peak.
// 3. CTR decline on counts: a one-sided Bernoulli CUSUM of the log-likelihood ratio of
//    p₁ = p₀(1 − ctrDrop) against the baseline p₀, each day's clicks with its impressions as
//    exposure, divided by the dispersion φ (quasi-likelihood). Days with more impressions weigh
//    more; missing days simply contribute nothing. The onset is the first day after the CUSUM's
//    last zero (its maximum-likelihood change point). Because p₀ is itself estimated, the
//    alarm is confirmed by comparing the segment since onset with the baseline using both Beta
//    posteriors: FATIGUING needs the alarm, P(drop > 0) ≥ significance and an estimated drop ≥
//    minCtrDrop; confidence = P(drop ≥ ctrDrop).
// 4. Frequency against the audience's band: lifetime frequency when lifetime reach is known,
//    else 7-day Σimpressions ÷ Σdaily reach (a lower bound: daily reach overlaps across days).
//    ≥ critical → SATURATED; ≥ warn together with a CTR decline → SATURATED.
// 5. Audience exhaustion: the ad's CPM divided by the ACCOUNT's CPM the same day (so an
//    auction-wide rise cancels out) rises by ≥ cpmRise, and the share of new reach (or, without
//    lifetime reach, reach per impression) falls by ≥ reachDrop, both significant.
// 6. Priority: AUDIENCE_EXHAUSTED > SATURATED > FATIGUING > HEALTHY — the more structural cause
//    wins, since it decides the remedy (new audience vs new creative).
// 7. daysToCritical: a log-linear CTR trend fitted on counts since onset, extrapolated to
//    criticalCtrFraction × baseline; null when the trend is not significantly downward.
import { normalCdf } from '../math/special';
import { compareWindows, dispersion, fitLogLinearTrend, logRateMoments, type TrendFit, type WindowShift } from './ctr-stats';
import { AUDIENCES, STATUS_CODE, resolveSettings, type FatigueSettings, type PartialFatigueSettings } from './types';

export interface FatigueBatchInput {
  /** Ad i owns rows offsets[i] … offsets[i + 1] − 1; length = ads + 1. */
  offsets: Int32Array;
  /** Day index (0 = the grid's first day), strictly ascending within each ad (one row per day). */
  day: Int32Array;
  impressions: Int32Array | Float64Array;
  clicks: Int32Array | Float64Array;
  /** Minor units. */
  spend: Float64Array | Int32Array;
  /** Daily reach. */
  reach: Int32Array | Float64Array;
  /** Lifetime unique reach as of the row's day; NaN where unknown. Optional. */
  cumulativeReach?: Float64Array;
  /** AUDIENCE_CODE per ad. */
  audience: Uint8Array;
  /** Row of accountCpm per ad; all 0 when omitted. */
  account?: Int32Array;
}

export interface FatigueBatchOptions {
  /** Number of days in the grid (the stride of accountCpm). */
  dayCount: number;
  /** Day index to evaluate as of; rows after it are ignored. Default dayCount − 1. */
  asOf?: number;
  settings?: PartialFatigueSettings;
}

/** Columnar results; −1 / NaN mean null. */
export interface FatigueBatchResult {
  status: Uint8Array;
  test: Uint8Array;
  confidence: Float64Array;
  onsetDay: Int32Array;
  daysToCritical: Float64Array;
  baselineFrom: Int32Array;
  baselineTo: Int32Array;
  baselineImpressions: Float64Array;
  baselineClicks: Float64Array;
  baselineCtr: Float64Array;
  currentCtr: Float64Array;
  ctrChange: Float64Array;
  pMaterialDrop: Float64Array;
  cusum: Float64Array;
  dispersion: Float64Array;
  frequency: Float64Array;
  /** 0 = none, 1 = lifetime, 2 = rolling 7 days. */
  frequencySource: Uint8Array;
  relativeCpmChange: Float64Array;
  reachShareChange: Float64Array;
  lifetimeImpressions: Float64Array;
  lifetimeClicks: Float64Array;
  lifetimeSpend: Float64Array;
  daysLive: Int32Array;
}

export const TEST_CODE = { 'warm-up': 0, 'bernoulli-cusum': 1, frequency: 2, 'relative-cpm-and-reach': 3, none: 4 } as const;

function allocResult(n: number): FatigueBatchResult {
  const f = () => new Float64Array(n).fill(NaN);
  return {
    status: new Uint8Array(n),
    test: new Uint8Array(n),
    confidence: f(),
    onsetDay: new Int32Array(n).fill(-1),
    daysToCritical: f(),
    baselineFrom: new Int32Array(n).fill(-1),
    baselineTo: new Int32Array(n).fill(-1),
    baselineImpressions: new Float64Array(n),
    baselineClicks: new Float64Array(n),
    baselineCtr: f(),
    currentCtr: f(),
    ctrChange: f(),
    pMaterialDrop: f(),
    cusum: new Float64Array(n),
    dispersion: new Float64Array(n).fill(1),
    frequency: f(),
    frequencySource: new Uint8Array(n),
    relativeCpmChange: f(),
    reachShareChange: f(),
    lifetimeImpressions: new Float64Array(n),
    lifetimeClicks: new Float64Array(n),
    lifetimeSpend: new Float64Array(n),
    daysLive: new Int32Array(n),
  };
}

/** Scratch reused across ads so the loop allocates nothing per ad or per row. */
interface Scratch {
  buf: Float64Array;
  values: Float64Array;
  moments: { mean: number; variance: number };
  moments2: { mean: number; variance: number };
  trend: TrendFit;
  shift: WindowShift;
}

export function detectFatigueBatch(input: FatigueBatchInput, accountCpm: Float64Array, opts: FatigueBatchOptions): FatigueBatchResult {
  const settings = resolveSettings(opts.settings);
  const nAds = input.offsets.length - 1;
  const asOf = opts.asOf ?? opts.dayCount - 1;
  let maxRows = 0;
  for (let i = 0; i < nAds; i++) maxRows = Math.max(maxRows, input.offsets[i + 1]! - input.offsets[i]!);
  const scratch: Scratch = {
    buf: new Float64Array(maxRows),
    values: new Float64Array(maxRows),
    moments: { mean: 0, variance: 0 },
    moments2: { mean: 0, variance: 0 },
    trend: { intercept: 0, slope: 0, slopeSe: 0, ok: false },
    shift: { diff: 0, se: 0, ok: false },
  };
  const out = allocResult(nAds);
  for (let i = 0; i < nAds; i++) detectOne(input, accountCpm, opts.dayCount, asOf, settings, i, out, scratch);
  return out;
}

function detectOne(
  c: FatigueBatchInput,
  accountCpm: Float64Array,
  dayCount: number,
  asOf: number,
  st: FatigueSettings,
  i: number,
  out: FatigueBatchResult,
  sc: Scratch,
): void {
  const { day, impressions: imp, clicks: clk, spend, reach } = c;
  const s = c.offsets[i]!;
  let e = c.offsets[i + 1]!;
  for (let r = s + 1; r < e; r++) {
    if (day[r]! <= day[r - 1]!) throw new Error(`fatigue batch: ad ${i} has unsorted or duplicate days (rows must be one per day, ascending)`);
  }
  while (e > s && day[e - 1]! > asOf) e--;
  const band = st.frequency[AUDIENCES[c.audience[i]!] ?? 'cold'];
  const cpmRow = (c.account ? c.account[i]! : 0) * dayCount;

  // 1. Totals and first delivery.
  let first = -1;
  let firstRow = -1;
  let totImp = 0;
  let totClk = 0;
  let totSpend = 0;
  for (let r = s; r < e; r++) {
    const n = imp[r]!;
    if (n > 0 && first < 0) {
      first = day[r]!;
      firstRow = r;
    }
    totImp += n;
    totClk += clk[r]!;
    totSpend += spend[r]!;
  }
  out.lifetimeImpressions[i] = totImp;
  out.lifetimeClicks[i] = totClk;
  out.lifetimeSpend[i] = totSpend;
  out.status[i] = STATUS_CODE.WARMING;
  out.test[i] = TEST_CODE['warm-up'];
  out.confidence[i] = 1;
  if (first < 0) return;
  const lifeDays = asOf - first + 1;
  out.daysLive[i] = lifeDays;

  // 2. Baseline: life days 3–7, extended up to day 14 while short of clicks.
  const bFrom = first + 2;
  let bTo = -1;
  let xb = 0;
  let nb = 0;
  let postRow = e; // first row after the baseline
  for (let r = firstRow; r < e; r++) {
    const d = day[r]!;
    if (d < bFrom) continue;
    if (d <= first + 6 || (xb < st.warmup.minBaselineClicks && d <= first + 13)) {
      xb += clk[r]!;
      nb += imp[r]!;
      bTo = d;
    } else {
      postRow = r;
      break;
    }
  }
  if (bTo >= 0) {
    out.baselineFrom[i] = bFrom;
    out.baselineTo[i] = bTo;
    out.baselineImpressions[i] = nb;
    out.baselineClicks[i] = xb;
    out.baselineCtr[i] = nb > 0 ? xb / nb : NaN;
  }
  const w = st.warmup;
  if (lifeDays < w.minDays || totImp < w.minImpressions || totSpend < w.minSpend || xb < w.minBaselineClicks || postRow >= e) return;

  // 3. CTR: dispersion, CUSUM, confirmation.
  const rowB = firstRow; // rows before bFrom are skipped by the loops via the day checks
  const phi = dispersion(imp, clk, rowB, e, sc.buf);
  out.dispersion[i] = phi;
  const p0 = (xb + 0.5) / (nb + 1);
  const k1 = Math.log(1 - st.ctrDrop);
  const k0 = Math.log1p((p0 * st.ctrDrop) / (1 - p0));
  let S = 0;
  let excMax = 0;
  let lastZero = postRow - 1;
  for (let r = postRow; r < e; r++) {
    const n = imp[r]!;
    if (n <= 0) continue;
    const x = clk[r]!;
    S += (x * k1 + (n - x) * k0) / phi;
    if (S <= 0) {
      S = 0;
      excMax = 0;
      lastZero = r;
    } else if (S > excMax) excMax = S;
  }
  out.cusum[i] = S;
  logRateMoments(xb, nb, phi, sc.moments);
  const mb = sc.moments.mean;
  const vb = sc.moments.variance;
  const lnMaterial = Math.log(1 - st.ctrDrop);

  let ctrFires = false;
  let ctrOnset = -1;
  let ctrConfidence = 0;
  if (S > 0 && excMax >= st.cusumThreshold) {
    let onsetRow = lastZero + 1;
    while (onsetRow < e && imp[onsetRow]! <= 0) onsetRow++;
    onsetRow = refineOnset(c, firstRow, bFrom, postRow, onsetRow, e, phi, sc.trend);
    let xp = 0;
    let np = 0;
    for (let r = onsetRow; r < e; r++) {
      xp += clk[r]!;
      np += imp[r]!;
    }
    logRateMoments(xp, np, phi, sc.moments2);
    const m = sc.moments2.mean - mb;
    const sd = Math.sqrt(sc.moments2.variance + vb);
    const pAny = normalCdf(-m / sd);
    const drop = 1 - Math.exp(m);
    if (pAny >= st.significance && drop >= st.minCtrDrop) {
      ctrFires = true;
      ctrOnset = day[onsetRow]!;
      ctrConfidence = normalCdf((lnMaterial - m) / sd);
      out.currentCtr[i] = xp / np;
      out.ctrChange[i] = -drop;
      out.pMaterialDrop[i] = ctrConfidence;
      // 7. Trend since onset → days until CTR reaches the critical fraction of baseline.
      fitLogLinearTrend(day, imp, clk, onsetRow, e, ctrOnset, phi, sc.trend);
      const tr = sc.trend;
      if (tr.ok && tr.slope < 0 && tr.slope / tr.slopeSe <= -1.6448536269514722) {
        const now = tr.intercept + tr.slope * (asOf - ctrOnset);
        const critical = Math.log(st.criticalCtrFraction * p0);
        out.daysToCritical[i] = now <= critical ? 0 : (critical - now) / tr.slope;
      }
    }
  }
  const recentFrom = asOf - st.recentDays + 1;
  let pRecentMaterial = 0;
  if (!ctrFires) {
    let xr = 0;
    let nr = 0;
    for (let r = postRow; r < e; r++) {
      if (day[r]! >= recentFrom) {
        xr += clk[r]!;
        nr += imp[r]!;
      }
    }
    if (nr > 0) {
      logRateMoments(xr, nr, phi, sc.moments2);
      const m = sc.moments2.mean - mb;
      pRecentMaterial = normalCdf((lnMaterial - m) / Math.sqrt(sc.moments2.variance + vb));
      out.currentCtr[i] = xr / nr;
      out.ctrChange[i] = Math.exp(m) - 1;
      out.pMaterialDrop[i] = pRecentMaterial;
    }
  }

  // 4. Frequency: lifetime when lifetime reach is known, else the rolling 7-day lower bound.
  // The per-row series also gives the start of the final run above the warn line (the onset).
  const cum = c.cumulativeReach;
  const useLifetime = cum !== undefined && e > s && cum[e - 1]! > 0;
  let cumImp = 0;
  let wImp = 0;
  let wReach = 0;
  let lo = s;
  let freq = NaN;
  let satRunStart = -1;
  for (let r = s; r < e; r++) {
    cumImp += imp[r]!;
    wImp += imp[r]!;
    wReach += reach[r]!;
    while (day[lo]! <= day[r]! - st.recentDays) {
      wImp -= imp[lo]!;
      wReach -= reach[lo]!;
      lo++;
    }
    const f = useLifetime ? (cum[r]! > 0 ? cumImp / cum[r]! : NaN) : wReach > 0 ? wImp / wReach : NaN;
    if (f >= band.warn) {
      if (satRunStart < 0) satRunStart = day[r]!;
    } else satRunStart = -1;
    freq = f;
  }
  // The rolling value counts only if its window reaches into the recent days.
  if (!useLifetime && e > s && day[e - 1]! < recentFrom) freq = NaN;
  out.frequency[i] = freq;
  out.frequencySource[i] = Number.isNaN(freq) ? 0 : useLifetime ? 1 : 2;
  const satFires = freq >= band.critical || (freq >= band.warn && ctrFires);

  // 5. CPM relative to the account, and the share of new reach.
  const vals = sc.values;
  for (let r = s; r < e; r++) {
    const n = imp[r]!;
    const acct = accountCpm[cpmRow + day[r]!]!;
    vals[r - s] = n > 0 && spend[r]! > 0 && acct > 0 ? Math.log((spend[r]! * 1000) / n / acct) : NaN;
  }
  compareWindows(vals, day, s, e, bFrom, bTo, recentFrom, sc.shift);
  const cpmOk = sc.shift.ok;
  const cpmDiff = sc.shift.diff;
  const cpmSe = sc.shift.se;
  if (cpmOk) out.relativeCpmChange[i] = Math.exp(cpmDiff) - 1;
  let exhaustOnset = -1;
  if (cpmOk) {
    const half = 0.5 * Math.log(1 + st.cpmRise);
    let base = 0;
    let k = 0;
    for (let r = s; r < e; r++) {
      const d = day[r]!;
      if (d >= bFrom && d <= bTo && !Number.isNaN(vals[r - s]!)) {
        base += vals[r - s]!;
        k++;
      }
    }
    base /= k;
    for (let r = postRow; r < e; r++) {
      const v = vals[r - s]!;
      if (Number.isNaN(v)) continue;
      if (v - base >= half) {
        if (exhaustOnset < 0) exhaustOnset = day[r]!;
      } else exhaustOnset = -1;
    }
  }
  for (let r = s; r < e; r++) {
    const n = imp[r]!;
    let v = NaN;
    if (useLifetime) {
      if (r > s && day[r - 1]! === day[r]! - 1 && reach[r]! > 0 && cum[r]! > 0 && cum[r - 1]! > 0) {
        v = Math.log(Math.min(1, Math.max(1e-3, (cum[r]! - cum[r - 1]!) / reach[r]!)));
      }
    } else if (n > 0 && reach[r]! > 0) v = Math.log(Math.min(1, reach[r]! / n));
    vals[r - s] = v;
  }
  compareWindows(vals, day, s, e, bFrom, bTo, recentFrom, sc.shift);
  const reachOk = sc.shift.ok;
  if (reachOk) out.reachShareChange[i] = Math.exp(sc.shift.diff) - 1;
  let exhaustFires = false;
  let exhaustConfidence = 0;
  if (cpmOk && reachOk) {
    const lnRise = Math.log(1 + st.cpmRise);
    const lnFall = Math.log(1 - st.reachDrop);
    const rd = sc.shift.diff;
    const rse = sc.shift.se;
    exhaustFires =
      cpmDiff >= lnRise && normalCdf(cpmDiff / cpmSe) >= st.significance && rd <= lnFall && normalCdf(-rd / rse) >= st.significance;
    if (exhaustFires) exhaustConfidence = Math.min(normalCdf((cpmDiff - lnRise) / cpmSe), normalCdf((lnFall - rd) / rse));
  }

  // 6. Priority.
  if (exhaustFires) {
    out.status[i] = STATUS_CODE.AUDIENCE_EXHAUSTED;
    out.test[i] = TEST_CODE['relative-cpm-and-reach'];
    out.confidence[i] = exhaustConfidence;
    out.onsetDay[i] = ctrFires && ctrOnset >= 0 && (exhaustOnset < 0 || ctrOnset < exhaustOnset) ? ctrOnset : exhaustOnset;
  } else if (satFires) {
    out.status[i] = STATUS_CODE.SATURATED;
    out.test[i] = TEST_CODE.frequency;
    // Frequency is measured, not estimated: confidence is how far it sits into the audience's band
    // (1 at the critical line), or the CTR test's when that is stronger.
    const ramp = Math.min(1, Math.max(0, (freq - band.warn) / (band.critical - band.warn)));
    out.confidence[i] = Math.max(ramp, ctrConfidence);
    out.onsetDay[i] = satRunStart;
  } else if (ctrFires) {
    out.status[i] = STATUS_CODE.FATIGUING;
    out.test[i] = TEST_CODE['bernoulli-cusum'];
    out.confidence[i] = ctrConfidence;
    out.onsetDay[i] = ctrOnset;
  } else {
    out.status[i] = STATUS_CODE.HEALTHY;
    out.test[i] = TEST_CODE.none;
    out.confidence[i] = 1 - pRecentMaterial;
    out.daysToCritical[i] = NaN;
  }
}

/**
 * The CUSUM's last zero is the maximum-likelihood change point for a STEP of the designed size;
 * for a gradual decline it lags, because the first days after the change fall less than the
 * CUSUM's break-even drop (about half the designed one). So, once the alarm stands, the onset is
 * re-estimated by profile likelihood over the 4 rows before the CUSUM's onset (and 1 after):
 * constant CTR before τ, log-linear CTR (free level and slope) from τ — a family that contains
 * both the step (slope 0) and the hinge (no jump), so either is located without bias.
 * Poisson log-likelihood; at a Poisson fit with an intercept Σμ = Σx, so the terms −Σμ cancel
 * against −Σx and the profile is X_pre·ln(X_pre/N_pre) + Σ_post x·(a + b·t).
 */
function refineOnset(
  c: FatigueBatchInput,
  firstRow: number,
  bFrom: number,
  postRow: number,
  onsetRow: number,
  e: number,
  phi: number,
  trend: TrendFit,
): number {
  const { day, impressions: imp, clicks: clk } = c;
  const lo = Math.max(postRow, onsetRow - 4);
  const hi = Math.min(e - 2, onsetRow + 1);
  if (hi < lo) return onsetRow;
  let xPre = 0;
  let nPre = 0;
  for (let r = firstRow; r < lo; r++) {
    if (day[r]! >= bFrom) {
      xPre += clk[r]!;
      nPre += imp[r]!;
    }
  }
  let best = onsetRow;
  let bestLl = -Infinity;
  let cusumLl = -Infinity;
  for (let tau = lo; tau <= hi; tau++) {
    if (tau > lo) {
      xPre += clk[tau - 1]!;
      nPre += imp[tau - 1]!;
    }
    if (imp[tau]! <= 0) continue;
    fitLogLinearTrend(day, imp, clk, tau, e, day[tau]!, phi, trend);
    if (!trend.ok) continue;
    let ll = xPre > 0 ? xPre * Math.log(xPre / nPre) : 0;
    for (let r = tau; r < e; r++) ll += clk[r]! * (trend.intercept + trend.slope * (day[r]! - day[tau]!));
    if (tau === onsetRow) cusumLl = ll;
    if (ll > bestLl) {
      bestLl = ll;
      best = tau;
    }
  }
  // Move off the CUSUM's estimate only on clear evidence (a likelihood-ratio gain worth about
  // χ²₁ at 95 % after the dispersion), so noise does not drag the onset around.
  return bestLl - cusumLl >= 1.92 * phi ? best : onsetRow;
}
