// Feeding a simulation into a workspace one day at a time, as the days happen: the history up to
// a start day in one load, then each day's new ads and metric rows. Deals after the start day are
// not fed (the gate and its recalibration, which this feed serves, read impressions and clicks).
import type { Database } from '../../../workers/engine/db';
import { sliceSimulation } from '../../../tests/emulators/slice';
import { loadSimulation, type Simulation } from '../../../workers/simulator';

export async function loadThrough(db: Database, sim: Simulation, through: number): Promise<void> {
  await loadSimulation(db, sliceSimulation(sim, through));
}

/** The ads that launch on day index `day` (inserted without results), returned by id. */
export async function addLaunches(db: Database, sim: Simulation, day: number): Promise<string[]> {
  const ads = sim.ads.filter((a) => a.launchDay === day);
  if (ads.length === 0) return [];
  await db.query(
    `insert into ads (id, ad_set_id, campaign_id, account_id, name, dna, launched_on)
     select id, "adSetId", "campaignId", "accountId", name, dna, $2::date from jsonb_to_recordset($1::jsonb)
       as r(id text, "adSetId" text, "campaignId" text, "accountId" text, name text, dna jsonb)`,
    [JSON.stringify(ads), sim.days[day]],
  );
  return ads.map((a) => a.id);
}

/** Day `day`'s metric rows. */
export async function addDay(db: Database, sim: Simulation, day: number): Promise<number> {
  const m = sim.metrics;
  const rows: Array<{ id: string; i: number; r: number; c: number; s: number }> = [];
  for (let r = 0; r < m.count; r++) {
    if (m.day[r] !== day) continue;
    rows.push({ id: sim.ads[m.ad[r]!]!.id, i: m.impressions[r]!, r: m.reach[r]!, c: m.clicks[r]!, s: m.spend[r]! });
  }
  await db.query(
    `insert into ad_daily_metrics (ad_key, day, impressions, reach, frequency, clicks, spend)
     select a.key, $2::date, r.i, r.r, case when r.r > 0 then r.i::float8 / r.r else 0 end, r.c, r.s
       from jsonb_to_recordset($1::jsonb) as r(id text, i int, r int, c int, s bigint) join ads a on a.id = r.id`,
    [JSON.stringify(rows), sim.days[day]],
  );
  return rows.length;
}
