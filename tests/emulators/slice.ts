// A simulation as it stood at the end of one of its days: the ads launched by then, their rows
// through that day, the deals created by then. The advancing emulators serve such slices, and the
// learning benches feed them, so "tomorrow" can arrive during a test.
import type { Simulation } from '../../workers/simulator';

/** The simulation as it stood at the end of day index `through`. */
export function sliceSimulation(sim: Simulation, through: number): Simulation {
  const keep = sim.ads.map((a) => a.launchDay <= through);
  const newIndex = new Int32Array(sim.ads.length).fill(-1);
  let n = 0;
  keep.forEach((k, i) => (newIndex[i] = k ? n++ : -1));
  const m = sim.metrics;
  const rows: number[] = [];
  for (let r = 0; r < m.count; r++) if (m.day[r]! <= through && newIndex[m.ad[r]!]! >= 0) rows.push(r);
  const pick = (a: Int32Array) => Int32Array.from(rows, (r) => a[r]!);
  return {
    ...sim,
    ads: sim.ads.filter((_, i) => keep[i]),
    truth: sim.truth.filter((_, i) => keep[i]),
    metrics: { count: rows.length, ad: Int32Array.from(rows, (r) => newIndex[m.ad[r]!]!), day: pick(m.day), impressions: pick(m.impressions), reach: pick(m.reach), clicks: pick(m.clicks), spend: pick(m.spend) },
    deals: sim.deals.filter((d) => d.createdDay <= through && newIndex[d.ad]! >= 0).map((d) => ({ ...d, ad: newIndex[d.ad]! })),
  };
}

