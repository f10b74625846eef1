// Error rates of the detector on seeded synthetic ads: false positives on stable ads with
// realistic noise, and power against a real 30 % CTR drop.
import { describe, expect, it } from 'vitest';
import { dayNumber, detectFatigue } from '../../workers/domain/fatigue';
import { createRng } from '../../workers/domain/math/random';
import { accountCpm, buildAd, dayAt } from './fatigue-fixtures';

const DAYS = 60;
const acct = accountCpm(DAYS);

function ad(seed: number, dropDay: number | null) {
  const rng = createRng(seed);
  // Realistic small-to-mid volumes: 2k–20k impressions a day at 0.6–2.5 % CTR, spend wobbling ±20 %.
  const base = 2_000 + rng() * 18_000;
  const ctr = 0.006 + rng() * 0.019;
  return buildAd({
    days: DAYS,
    impressions: () => base * (0.8 + 0.4 * rng()),
    ctr: (d) => (dropDay !== null && d >= dropDay ? ctr * 0.7 : ctr),
    cpm: () => 1_000 * (0.9 + 0.2 * rng()),
    dailyFrequency: () => 1.1 + 0.2 * rng(),
    rng,
    overdispersion: 0.05, // day-level CTR wobble beyond binomial noise
  });
}

describe('fatigue detector calibration', () => {
  it('a noisy but stable ad stays HEALTHY: false-positive rate ≤ 5 % over 200 seeds', () => {
    let flagged = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const f = detectFatigue({ history: ad(seed, null), audience: 'cold', accountCpm: acct, asOf: dayAt(DAYS - 1) });
      if (f.status !== 'HEALTHY') flagged++;
    }
    expect(flagged / 200).toBeLessThanOrEqual(0.05);
  });

  it('a real 30 % drop is caught (power ≥ 90 %) with the onset mostly within ±2 days, 10 days after it happened', () => {
    let caught = 0;
    let onTime = 0;
    for (let seed = 1001; seed <= 1200; seed++) {
      const f = detectFatigue({ history: ad(seed, DAYS - 10), audience: 'cold', accountCpm: acct, asOf: dayAt(DAYS - 1) });
      if (f.status === 'FATIGUING') {
        caught++;
        if (Math.abs(dayNumber(f.onsetDay!) - dayNumber(dayAt(DAYS - 10))) <= 2) onTime++;
      }
    }
    expect(caught / 200).toBeGreaterThanOrEqual(0.9);
    // Low-volume ads (a dozen clicks a day) cannot place the change to the day every time.
    expect(onTime / caught).toBeGreaterThanOrEqual(0.85);
  });
});
