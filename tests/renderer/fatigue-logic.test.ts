import { describe, expect, it } from 'vitest';
import type { FatigueAd } from '../../contract';
import { chartRows, evidenceLines, toggleStatus } from '../../renderer/src/views/fatigue/describe';

const finding: NonNullable<FatigueAd['finding']> = {
  scanId: 1,
  status: 'FATIGUING',
  confidence: 0.97,
  onsetDay: '2026-10-30',
  daysToCritical: 3.2,
  isNew: true,
  changeId: 7,
  baseline: { fromDay: '2026-10-02', toDay: '2026-10-06', ctr: 0.02, impressions: 100_000, clicks: 2_000 },
  evidence: { test: 'bernoulli-cusum', baselineCtr: 0.02, currentCtr: 0.012, ctrChange: -0.4, pMaterialDrop: 0.97, cusum: 41.25, cusumThreshold: 5, frequency: 2.4, frequencySource: 'rolling-7d', frequencyWarn: 3, frequencyCritical: 4, relativeCpmChange: 0.05, reachShareChange: null },
};

describe('Fatigue view logic', () => {
  it('puts the evidence in words, only what the finding has', () => {
    expect(evidenceLines(finding)).toEqual([
      'Launch baseline 2026-10-02 – 2026-10-06: CTR 2.00 % on 100,000 impressions.',
      'CTR now 1.20 % (−40 % against the baseline).',
      'Probability the CTR fell by 20 % or more: 0.97.',
      'CUSUM on clicks per impression: 41.3 (alarm at 5).',
      "7-day frequency 2.4 — the audience's band is 3–4.",
      "CPM relative to the account's CPM: +5 % since launch (an auction-wide rise cancels out).",
      'Onset: 2026-10-30.',
      'At this trend CTR reaches half its baseline in about 4 day(s).',
    ]);
  });

  it('chart rows: CTR in percent, CPM in major units; status chips keep their order', () => {
    const ad = { series: [{ day: '2026-10-01', impressions: 1000, clicks: 20, spend: 1200, ctr: 0.02, cpm: 1200, accountCpm: 1100, frequency: 1.2 }] } as FatigueAd;
    expect(chartRows(ad, 100)).toEqual([{ day: '2026-10-01', ctr: 2, frequency: 1.2, cpm: 12, accountCpm: 11 }]);
    expect(toggleStatus(['FATIGUING'], 'AUDIENCE_EXHAUSTED')).toEqual(['AUDIENCE_EXHAUSTED', 'FATIGUING']);
    expect(toggleStatus(['FATIGUING', 'HEALTHY'], 'FATIGUING')).toEqual(['HEALTHY']);
  });
});
