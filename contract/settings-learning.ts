// Settings of the learning cycle (merged into settingsSchema in methods-settings.ts).
import { z } from 'zod';

export const learningSettingsShape = {
  /** Hours between scheduled learning cycles (daily by default); a cycle can always run by hand. */
  learningIntervalHours: z.number().min(1).max(24 * 7).default(24),
  /** Scheduled scans and cycles wait while this is on (tray: "Pause automation"); manual runs still work. */
  automationPaused: z.boolean().default(false),
} as const;
