// Settings of the sync area (merged into settingsSchema in methods-settings.ts).
export const syncSettingsShape = {} as const;
