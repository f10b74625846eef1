// Settings of the winners area (merged into settingsSchema in methods-settings.ts).
export const winnersSettingsShape = {} as const;
