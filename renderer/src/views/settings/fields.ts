import { settingsSchema, type Settings } from '../../../../contract';

export type SettingKey = keyof Settings;
export type NumberKey = { [K in SettingKey]: Settings[K] extends number ? K : never }[SettingKey];
export type BooleanKey = { [K in SettingKey]: Settings[K] extends boolean ? K : never }[SettingKey];

export interface NumberField {
  key: NumberKey;
  label: string;
  unit: string;
  help: string;
}
export interface BooleanField {
  key: BooleanKey;
  label: string;
  help: string;
}

export const numberFields: NumberField[] = [
  { key: 'halfLifeDays', label: 'Evidence half-life', unit: 'days', help: 'How quickly older days count less when the models learn.' },
  { key: 'maxBudgetChangePct', label: 'Largest budget change per day', unit: '%', help: 'No recommendation moves a budget by more than this in 24 hours.' },
  { key: 'scanIntervalHours', label: 'Fatigue scan interval', unit: 'hours', help: 'How often every ad is checked for wear-out.' },
  { key: 'learningIntervalHours', label: 'Learning cycle interval', unit: 'hours', help: 'How often the whole learning cycle runs on its own (24 = daily).' },
  { key: 'gateRejectRatio', label: 'Pre-spend gate: reject below', unit: '× account CTR', help: 'The gate says REJECT when a new creative’s whole predicted-CTR interval is below this share of the account’s CTR.' },
  { key: 'winnerMinCtr', label: 'Winner bar: CTR', unit: 'share (0.03 = 3 %)', help: 'An ad with enough data and at least this CTR (or the pipeline ROAS below) is a winner.' },
  { key: 'winnerMinPipelineRoas', label: 'Winner bar: pipeline ROAS', unit: '×', help: 'An ad with enough data and at least this pipeline ROAS (or the CTR above) is a winner.' },
  { key: 'syncInitialDays', label: 'Days read on the first Meta pull', unit: 'days', help: 'How far back a newly connected ad account is read.' },
  { key: 'syncRereadDays', label: 'Days re-read on every Meta pull', unit: 'days', help: 'Meta revises recent days; these are read again and overwritten.' },
];

export const booleanFields: BooleanField[] = [
  { key: 'autoApproveWithinGuardrails', label: 'Approve changes within the guardrails automatically', help: 'Off: every change waits in Approvals for a person.' },
  { key: 'automationPaused', label: 'Pause automation', help: 'Scheduled fatigue scans and learning cycles wait; you can still run them by hand.' },
  { key: 'crashReports', label: 'Send crash reports', help: 'Reports never include tokens, e-mail addresses or ad data.' },
];

/** The allowed range, read from the contract so the form and the engine cannot disagree. */
export function numberBounds(key: NumberKey): { min: number | null; max: number | null } {
  const field = settingsSchema.shape[key] as unknown as { unwrap?: () => { minValue?: number | null; maxValue?: number | null } };
  const inner = field.unwrap?.();
  return { min: inner?.minValue ?? null, max: inner?.maxValue ?? null };
}

export type Draft = Record<NumberKey, string> & Record<BooleanKey, boolean>;

export function draftFrom(s: Settings): Draft {
  // Every setting, so an area adding one does not have to touch this form: numbers as text.
  const draft: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(s)) draft[key] = typeof value === 'number' ? String(value) : (value as boolean);
  return draft as Draft;
}

/**
 * The fields that differ from what the engine holds. Blank numbers are reported here; everything
 * else (ranges, types) is left to the contract, so its message is the one people see.
 */
export function patchFrom(draft: Draft, saved: Settings): { patch: Partial<Settings>; blanks: NumberKey[] } {
  const patch: Partial<Settings> = {};
  const blanks: NumberKey[] = [];
  for (const f of numberFields) {
    const text = draft[f.key].trim();
    if (text === '') {
      blanks.push(f.key);
      continue;
    }
    const value = Number(text);
    if (value !== saved[f.key]) patch[f.key] = value;
  }
  for (const f of booleanFields) if (draft[f.key] !== saved[f.key]) patch[f.key] = draft[f.key];
  return { patch, blanks };
}
