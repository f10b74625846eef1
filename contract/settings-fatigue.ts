// Settings of the fatigue area (merged into settingsSchema in methods-settings.ts).
import { z } from 'zod';

export const fatigueSettingsShape = {
  /**
   * Operating point of the CTR-decline test. Every ad is re-tested on every scan, so a test tuned
   * for one look (`sensitive`: CUSUM threshold 5, significance 0.99) raises false alarms over
   * weeks of scans; `strict` (threshold 12, significance 0.9999) keeps the same recall on the
   * simulator at ~0.99 precision, ~4 days later (bench/fatigue-quality.bench.ts).
   */
  fatigueAlarm: z.enum(['strict', 'sensitive']).default('strict'),
} as const;
