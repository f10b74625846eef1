// Settings the desktop shell follows (merged into settingsSchema in methods-settings.ts). Kept in the
// workspace so the Settings view can change them like any other setting; the shell mirrors the
// value into its install preferences (shell-prefs.json) for the next start.
import { z } from 'zod';

export const shellSettingsShape = {
  /** stable: releases only; beta: pre-releases too. Only a packaged desktop app updates itself. */
  updateChannel: z.enum(['stable', 'beta']).default('stable'),
} as const;
