import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';
import { fatigueSettingsShape } from './settings-fatigue';
import { learningSettingsShape } from './settings-learning';
import { shellSettingsShape } from './settings-shell';
import { syncSettingsShape } from './settings-sync';
import { winnersSettingsShape } from './settings-winners';

/** Every setting with its default. Stored as one jsonb row per key; unknown keys are refused. */
export const settingsSchema = z
  .object({
    halfLifeDays: z.number().min(0.5).max(90).default(7),
    maxBudgetChangePct: z.number().min(1).max(100).default(20),
    scanIntervalHours: z.number().min(0.25).max(48).default(2),
    autoApproveWithinGuardrails: z.boolean().default(false),
    crashReports: z.boolean().default(false),
    ...fatigueSettingsShape,
    ...learningSettingsShape,
    ...winnersSettingsShape,
    ...syncSettingsShape,
    ...shellSettingsShape,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

type Shape = typeof settingsSchema.shape;
type PatchShape = { [K in keyof Shape]: z.ZodOptional<Shape[K] extends z.ZodDefault<infer T> ? T : Shape[K]> };

/**
 * A patch names only the keys it changes. `settingsSchema.partial()` would keep each key's
 * default, so a patch of one key came back with every other key filled in at its default and
 * reset all of them (the crash-report prompt's `{ crashReports }` wiped every preference).
 */
export const settingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(settingsSchema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
    ) as PatchShape,
  )
  .strict();

export const settingsMethods = {
  'settings.get': defineMethod({
    summary: 'All settings, defaults filled in.',
    mutates: false,
    input: empty,
    output: settingsSchema,
  }),
  'settings.update': defineMethod({
    summary: 'Change some settings. The whole patch is validated first; a bad value changes nothing.',
    mutates: true,
    input: settingsPatchSchema,
    output: settingsSchema,
  }),
};
