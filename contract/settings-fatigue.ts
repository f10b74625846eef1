// Settings of the fatigue area (merged into settingsSchema in methods-settings.ts).
export const fatigueSettingsShape = {} as const;
