// The limits Meta and HubSpot report in their reply headers, observed around the clients' fetch
// (the clients pace themselves from the same headers; this only remembers what was last seen so
// the status panel can show "limits used" after the run is over). Stored on the connection's
// sync_state row (migration 0014).
import type { SyncLimits, SyncSource } from '../../../../contract';
import { readHubSpotLimits, readMetaUsage } from '../../../../sync';
import type { Database } from '../../db';
import { CONNECTION } from './state';

type Tx = Pick<Database, 'query'>;

export class LimitsRecorder {
  private seen: SyncLimits | null = null;
  constructor(readonly source: SyncSource, private readonly now: () => number = Date.now) {}

  /** Wraps a fetch so every reply's headers are read (the reply itself is untouched). */
  wrap(inner: typeof fetch): typeof fetch {
    return async (...args) => {
      const res = await inner(...args);
      this.observe(res.headers);
      return res;
    };
  }

  observe(headers: Headers): void {
    const at = new Date(this.now()).toISOString();
    if (this.source === 'meta') {
      const hasUsage = ['x-app-usage', 'x-business-use-case-usage', 'x-fb-ads-insights-throttle'].some((h) => headers.has(h));
      if (!hasUsage) return;
      const u = readMetaUsage(headers, null);
      this.seen = {
        at,
        usedPct: u.pct,
        peakPct: Math.max(u.pct, this.seen?.peakPct ?? 0),
        remaining: null,
        max: null,
        dailyRemaining: null,
        blockedUntil: u.regainMs > 0 ? new Date(this.now() + u.regainMs).toISOString() : null,
      };
      return;
    }
    const l = readHubSpotLimits(headers);
    if (!l) return;
    const usedPct = l.max > 0 ? Math.round(100 * (1 - l.remaining / l.max)) : 0;
    this.seen = {
      at,
      usedPct,
      peakPct: Math.max(usedPct, this.seen?.peakPct ?? 0),
      remaining: l.remaining,
      max: l.max,
      dailyRemaining: l.dailyRemaining,
      blockedUntil: l.remaining <= 0 ? new Date(this.now() + l.intervalMs).toISOString() : null,
    };
  }

  get last(): SyncLimits | null {
    return this.seen;
  }

  /** Keeps what was seen (nothing seen: the previous value stays, it is still the latest known). */
  async save(db: Tx): Promise<void> {
    if (!this.seen) return;
    await db.query(
      `insert into sync_state (source, account_id, limits) values ($1, $2, $3::jsonb)
       on conflict (source, account_id) do update set limits = $3::jsonb`,
      [this.source, CONNECTION, JSON.stringify(this.seen)],
    );
  }
}
