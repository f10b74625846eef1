// Decision quality of the budget sampler on a simulated market (bench/lib/market): 20 seeds × 30
// days, daily reallocation, paired — every policy runs on the same market per seed, from the same
// even starting budgets, spending the same total every day. Score: the cumulative TRUE expected
// pipeline value of the budgets each policy ran (expectations, not the noisy draws). Policies see
// only noisy, lagged observations; the oracle sees the true rates.
// Targets (issue): Adloop ≥ 1.15× even split, ≥ 1.05× the prototype's policy, ≥ 0.90× the oracle.
// Also reported, without targets: the oracle held to Adloop's ±20 %/day cap (what the cap alone
// costs) and the share of the even→oracle headroom Adloop captures (less sensitive to how much
// headroom a market happens to offer).
import { emit } from './lib';
import { createMarket, DEFAULT_MARKET } from './lib/market/model';
import { ADLOOP_SETTINGS, createAdloop } from './lib/market/policies/adloop';
import { idealGreedy, idealGreedyTrueCapacity, idealMarginal } from './lib/market/policies/bayes-ideal';
import { marginalTrueCapacity, marginalTrueRates, pBestTrueRates, powerSharesPosterior, powerSharesTrueRates } from './lib/market/policies/diagnostics';
import { evenSplit } from './lib/market/policies/even';
import { createCappedOracle, oracle } from './lib/market/policies/oracle';
import { createPrototype, SAMPLE_SIZE_CAP } from './lib/market/policies/prototype';
import type { Policy } from './lib/market/policy';
import { runPolicy } from './lib/market/simulate';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const POLICIES: Array<{ name: string; make: (seed: number) => Policy }> = [
  { name: 'adloop', make: () => createAdloop(ADLOOP_SETTINGS) },
  { name: 'even', make: () => evenSplit },
  { name: 'prototype', make: (seed) => createPrototype(seed, { rules: true }) },
  { name: 'prototype_sampler_only', make: (seed) => createPrototype(seed, { rules: false }) },
  { name: 'oracle', make: () => oracle },
  { name: 'oracle_capped', make: () => createCappedOracle(ADLOOP_SETTINGS.maxChangePct / 100, ADLOOP_SETTINGS.minBudget) },
  // Diagnostics (bench/lib/market/policies/diagnostics.ts): the share rule apart from learning.
  { name: 'pbest_true_rates', make: () => pBestTrueRates },
  { name: 'power_shares_true_rates', make: () => powerSharesTrueRates },
  { name: 'power_shares_posterior', make: () => powerSharesPosterior },
  { name: 'marginal_true_rates', make: () => marginalTrueRates },
  { name: 'marginal_true_capacity', make: () => marginalTrueCapacity },
  // Ceilings for learning (bench/lib/market/policies/bayes-ideal.ts): a posterior TOLD the
  // market's generating distribution, under Adloop's share rule and under greedy posterior means.
  { name: 'ideal_posterior_marginal_half_life', make: () => idealMarginal(ADLOOP_SETTINGS.halfLifeDays) },
  { name: 'ideal_posterior_marginal', make: () => idealMarginal(null) },
  { name: 'ideal_posterior_greedy', make: () => idealGreedy },
  { name: 'ideal_posterior_greedy_true_capacity', make: () => idealGreedyTrueCapacity },
];
const DIAGNOSTICS = [
  'pbest_true_rates',
  'power_shares_true_rates',
  'power_shares_posterior',
  'marginal_true_rates',
  'marginal_true_capacity',
  'ideal_posterior_marginal_half_life',
  'ideal_posterior_marginal',
  'ideal_posterior_greedy',
  'ideal_posterior_greedy_true_capacity',
];
const TARGETS: Record<string, number> = { even: 1.15, prototype: 1.05, oracle: 0.9 };

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

const t0 = performance.now();
const totals = new Map<string, number[]>(POLICIES.map((p) => [p.name, []]));
for (const seed of SEEDS) {
  const market = createMarket(seed);
  for (const p of POLICIES) totals.get(p.name)!.push(runPolicy(market, p.make(seed)).totalValue);
  const last = (name: string) => totals.get(name)!.at(-1)!;
  const launched = market.holders.filter((h) => h.launchDay > 0).length;
  process.stderr.write(
    `seed ${String(seed).padStart(2)}: ${market.holders.length} holders (${launched} launch mid-run), USD ${market.total / 100}/day | ` +
      POLICIES.map((p) => `${p.name} ${(last(p.name) / 100_000).toFixed(1)}k`).join(', ') +
      ` | adloop ÷ ` +
      Object.keys(TARGETS)
        .map((b) => `${b} ${(last('adloop') / last(b)).toFixed(3)}`)
        .join(', ') +
      '\n',
  );
}

const common = { seeds: SEEDS.length, days: DEFAULT_MARKET.days, paired: true };
const described = {
  score: 'cumulative true expected pipeline value (expectations, not draws)',
  market: 'bench/lib/market/model.ts DEFAULT_MARKET',
  adloop: `half-life ${ADLOOP_SETTINGS.halfLifeDays} d, ±${ADLOOP_SETTINGS.maxChangePct} %/day, min USD ${ADLOOP_SETTINGS.minBudget / 100}, ignorance zone defaults (age < 2 d OR spend < USD 100 OR < 1,000 impressions), holder level, no ads`,
};
const adloop = totals.get('adloop')!;
for (const [baseline, target] of Object.entries(TARGETS)) {
  const base = totals.get(baseline)!;
  const ratios = adloop.map((a, i) => a / base[i]!);
  const mean = meanOf(ratios);
  const extra: Record<string, unknown> = {
    target: `>= ${target}`,
    met: mean >= target,
    mean: r3(mean),
    min: r3(Math.min(...ratios)),
    max: r3(Math.max(...ratios)),
    wins: ratios.filter((r) => r > 1).length,
    ...common,
    ...described,
  };
  if (baseline === 'prototype') {
    extra.note = `prototype per DOMAIN.md §1 (sampler + kill at pROAS < 0.5 / scale at > 3.0), renormalised to the total each day (its caps and floor break it); n = lifetime clicks capped at ${SAMPLE_SIZE_CAP}`;
    const only = totals.get('prototype_sampler_only')!;
    extra.vsSamplerOnly = r3(meanOf(adloop.map((a, i) => a / only[i]!)));
  }
  emit(`allocation.quality_vs_${baseline}`, mean, 'ratio', extra);
}

const even = totals.get('even')!;
const orc = totals.get('oracle')!;
const captured = adloop.map((a, i) => (a - even[i]!) / (orc[i]! - even[i]!));
emit('allocation.quality_headroom_captured', meanOf(captured), 'ratio', {
  definition: '(adloop − even) ÷ (oracle − even), mean over seeds',
  mean: r3(meanOf(captured)),
  min: r3(Math.min(...captured)),
  max: r3(Math.max(...captured)),
  ...common,
});
const capped = totals.get('oracle_capped')!.map((c, i) => c / orc[i]!);
emit('allocation.quality_oracle_capped_vs_oracle', meanOf(capped), 'ratio', {
  definition: `oracle held to ±${ADLOOP_SETTINGS.maxChangePct} %/day from the same even start ÷ unconstrained oracle: the most the cap alone costs`,
  mean: r3(meanOf(capped)),
  min: r3(Math.min(...capped)),
  max: r3(Math.max(...capped)),
  ...common,
});

for (const name of DIAGNOSTICS) {
  const ratios = totals.get(name)!.map((x, i) => x / orc[i]!);
  emit(`allocation.diagnostic_${name}_vs_oracle`, meanOf(ratios), 'ratio', {
    definition: 'diagnostic policy ÷ oracle, mean over seeds (same water-filling, caps and floors as Adloop; only the shares differ)',
    mean: r3(meanOf(ratios)),
    min: r3(Math.min(...ratios)),
    max: r3(Math.max(...ratios)),
    ...common,
  });
}

for (const p of POLICIES) {
  const xs = totals.get(p.name)!;
  emit(`allocation.quality_total_value_${p.name}`, meanOf(xs) / 100, 'USD', {
    policy: p.name,
    stat: `mean over seeds of ${DEFAULT_MARKET.days}-day true expected pipeline value`,
    min: Math.round(Math.min(...xs) / 100),
    max: Math.round(Math.max(...xs) / 100),
    ...common,
  });
}
process.stderr.write(`allocation-quality: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
