// A small hand-made account for the winner-index tests: ads with known DNA and known results.
import type { Dna } from '../../../contract/dna';
import type { Database } from '../../../workers/engine/db';

export interface SeedAd {
  id: string;
  dna: unknown;
  /** Lifetime impressions/clicks spread evenly over `days` days; spend in minor units per day. */
  impressions?: number;
  clicks?: number;
  spendPerDay?: number;
  days?: number;
  launchedOn?: string;
  /** Pipeline value (minor units) of one closed-won deal attributed to the ad. */
  wonValue?: number;
  /** Its ad set (created on first use); default 's1'. */
  adSetId?: string;
}

export const baseVideo: Dna = {
  format: 'video', hookType: 'question', hookText: 'Still paying too much for invoices', hookSeconds: 1.5, durationSeconds: 15,
  cutsPer10s: 4, textOverlayDensity: 0.2, textContrast: 0.8, facesInFirst3s: true, captions: true, cta: 'learn_more',
  offer: 'free_trial', emotion: 'curiosity', palette: 'warm', aspectRatio: '9:16', audio: 'voiceover',
};

export async function seedAccount(db: Database, ads: SeedAd[]): Promise<void> {
  await db.exec(`
    insert into accounts (id, name, currency) values ('1', 'Acme', 'USD') on conflict do nothing;
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'Prospecting', 'ABO') on conflict do nothing;
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values ('s1', 'c1', '1', 'Cold', 10000) on conflict do nothing;
    insert into crm_pipelines (id, label) values ('default', 'Sales') on conflict do nothing;
    insert into crm_stages (pipeline_id, id, label, probability, is_closed, is_won) values ('default', 'closedwon', 'Won', 1, true, true) on conflict do nothing;
  `);
  for (const ad of ads) {
    const set = ad.adSetId ?? 's1';
    await db.query(`insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values ($1, 'c1', '1', $1, 10000) on conflict do nothing`, [set]);
    await db.query(`insert into ads (id, ad_set_id, campaign_id, account_id, name, dna, launched_on) values ($1, $5, 'c1', '1', $2, $3::jsonb, $4::date)`, [
      ad.id,
      `Ad ${ad.id}`,
      JSON.stringify(ad.dna),
      ad.launchedOn ?? '2026-10-01',
      set,
    ]);
    const days = ad.days ?? 10;
    if (ad.impressions) {
      await db.query(
        `insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend)
         select a.key, $2::date + g, $3::int / $5, $4::int / $5, $6 from ads a, generate_series(0, $5 - 1) g where a.id = $1`,
        [ad.id, ad.launchedOn ?? '2026-10-01', ad.impressions, ad.clicks ?? 0, days, ad.spendPerDay ?? 1000],
      );
    }
    if (ad.wonValue) {
      await db.query(`insert into crm_deals (id, pipeline_id, stage_id, amount, created_at, modified_at) values ($1, 'default', 'closedwon', $2, now(), now())`, [`d-${ad.id}`, ad.wonValue]);
      await db.query(`insert into attributions (deal_id, ad_id, method, confidence) values ($1, $2, 'hsa_ad', 1)`, [`d-${ad.id}`, ad.id]);
    }
  }
}
