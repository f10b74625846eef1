// Per-account pacing driven by what the services report about their limits, not by guesses:
// Meta's X-Business-Use-Case-Usage / X-App-Usage percentages (slow down from 75 %, stop at 100 %
// until estimated_time_to_regain_access) and HubSpot's X-HubSpot-RateLimit-Remaining within its
// interval, plus HubSpot's ~4 search requests per second.
import type { Runtime } from './runtime';

export interface GateState {
  /** No request for this key before this time (ms since epoch). */
  notBefore: number;
  /** Spacing between requests while usage is high. */
  spacingMs: number;
  lastAt: number;
  /** Last usage seen, 0–100 (Meta) or used share of the interval (HubSpot). */
  usagePct: number;
}

export class RateGate {
  private readonly keys = new Map<string, GateState>();
  constructor(private readonly rt: Pick<Runtime, 'now' | 'sleep'>) {}

  state(key: string): GateState {
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = { notBefore: 0, spacingMs: 0, lastAt: 0, usagePct: 0 }));
    return s;
  }

  /** Waits until a request for `key` may go; returns how long it waited. */
  async wait(key: string): Promise<number> {
    const s = this.state(key);
    const at = Math.max(s.notBefore, s.lastAt + s.spacingMs);
    const ms = Math.max(0, at - this.rt.now());
    if (ms > 0) await this.rt.sleep(ms);
    s.lastAt = this.rt.now();
    return ms;
  }

  /** Nothing for `key` for `ms` (a 429's Retry-After, Meta's time to regain access). */
  block(key: string, ms: number): void {
    const s = this.state(key);
    s.notBefore = Math.max(s.notBefore, this.rt.now() + ms);
  }

  setUsage(key: string, pct: number, spacingMs: number): void {
    const s = this.state(key);
    s.usagePct = pct;
    s.spacingMs = spacingMs;
  }

  snapshot(): Record<string, GateState> {
    return Object.fromEntries([...this.keys].map(([k, v]) => [k, { ...v }]));
  }
}

export interface MetaUsage {
  /** Highest of call_count / total_cputime / total_time across the headers, 0–100. */
  pct: number;
  /** Longest estimated_time_to_regain_access, in ms. */
  regainMs: number;
}

/** Reads Meta's usage headers (either may be absent or malformed: then they say nothing). */
export function readMetaUsage(headers: Headers, accountId: string | null): MetaUsage {
  let pct = 0;
  let regainMs = 0;
  const take = (u: unknown) => {
    if (!u || typeof u !== 'object') return;
    const o = u as Record<string, unknown>;
    for (const k of ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct', 'app_id_util_pct']) {
      const v = Number(o[k]);
      if (Number.isFinite(v)) pct = Math.max(pct, v);
    }
    const r = Number(o.estimated_time_to_regain_access);
    if (Number.isFinite(r)) regainMs = Math.max(regainMs, r * 60_000);
  };
  const parse = (name: string): unknown => {
    const raw = headers.get(name);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  };
  take(parse('x-app-usage'));
  take(parse('x-fb-ads-insights-throttle'));
  const buc = parse('x-business-use-case-usage');
  if (buc && typeof buc === 'object') {
    for (const [acct, list] of Object.entries(buc as Record<string, unknown>)) {
      if (accountId && acct !== accountId) continue;
      if (Array.isArray(list)) list.forEach(take);
    }
  }
  return { pct, regainMs };
}

/** Spacing for a usage level: none below 75 %, then rising to `maxSpacingMs` at 100 %. */
export function spacingForUsage(pct: number, maxSpacingMs: number): number {
  if (pct < 75) return 0;
  return Math.round(Math.min(1, (pct - 75) / 25) * maxSpacingMs);
}

export interface HubSpotLimits { max: number; remaining: number; intervalMs: number; dailyRemaining: number | null }

export function readHubSpotLimits(headers: Headers): HubSpotLimits | null {
  const max = Number(headers.get('x-hubspot-ratelimit-max'));
  const remaining = Number(headers.get('x-hubspot-ratelimit-remaining'));
  const intervalMs = Number(headers.get('x-hubspot-ratelimit-interval-milliseconds'));
  if (!headers.has('x-hubspot-ratelimit-remaining') || !Number.isFinite(max) || !Number.isFinite(remaining) || !(intervalMs > 0)) return null;
  const dr = headers.get('x-hubspot-ratelimit-daily-remaining');
  return { max, remaining, intervalMs, dailyRemaining: dr === null ? null : Number(dr) };
}

/**
 * Spacing that spreads what is left of HubSpot's interval over the rest of it once under 20 %
 * remains; with nothing left, wait out the interval.
 */
export function hubSpotSpacing(l: HubSpotLimits): { spacingMs: number; blockMs: number } {
  if (l.remaining <= 0) return { spacingMs: 0, blockMs: l.intervalMs };
  if (l.max > 0 && l.remaining / l.max < 0.2) return { spacingMs: Math.ceil(l.intervalMs / l.remaining), blockMs: 0 };
  return { spacingMs: 0, blockMs: 0 };
}
