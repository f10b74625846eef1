import { settingsSchema, type Settings } from '../../../../contract';

export type SettingKey = keyof Settings;
export type NumberKey = { [K in SettingKey]: Settings[K] extends number ? K : never }[SettingKey];
export type BooleanKey = { [K in SettingKey]: Settings[K] extends boolean ? K : never }[SettingKey];
/** Settings with a fixed set of values (zod enums), shown as a select. */
export type ChoiceKey = 'fatigueAlarm' | 'updateChannel';

export interface NumberField {
  kind: 'number';
  key: NumberKey;
  label: string;
  unit: string;
  help: string;
}
export interface BooleanField {
  kind: 'boolean';
  key: BooleanKey;
  label: string;
  help: string;
}
export interface ChoiceField {
  kind: 'choice';
  key: ChoiceKey;
  label: string;
  help: string;
  options: Array<{ value: string; label: string }>;
}
export type Field = NumberField | BooleanField | ChoiceField;

export interface FieldGroup {
  id: string;
  title: string;
  help: string;
  fields: Field[];
}

const n = (key: NumberKey, label: string, unit: string, help: string): NumberField => ({ kind: 'number', key, label, unit, help });
const b = (key: BooleanKey, label: string, help: string): BooleanField => ({ kind: 'boolean', key, label, help });

export const fieldGroups: FieldGroup[] = [
  {
    id: 'schedule',
    title: 'Schedule',
    help: 'When the app works on its own. Scans and cycles can always be run by hand.',
    fields: [
      n('scanIntervalHours', 'Fatigue scan interval', 'hours', 'How often every ad is checked for wear-out.'),
      n('learningIntervalHours', 'Learning cycle interval', 'hours', 'How often the whole learning cycle runs on its own (24 = daily).'),
      b('automationPaused', 'Pause automation', 'Scheduled fatigue scans and learning cycles wait; you can still run them by hand.'),
    ],
  },
  {
    id: 'guardrails',
    title: 'Guardrails',
    help: 'Limits every proposed change is checked against, at proposal, at approval and before a push.',
    fields: [
      n('maxBudgetChangePct', 'Largest budget change per day', '%', 'No recommendation moves a budget by more than this in 24 hours.'),
      b('autoApproveWithinGuardrails', 'Approve changes within the guardrails automatically', 'Off: every change waits in Approvals for a person.'),
      n('halfLifeDays', 'Evidence half-life', 'days', 'How quickly older days count less when the models learn.'),
    ],
  },
  {
    id: 'fatigue',
    title: 'Fatigue alarm',
    help: 'How readily a falling CTR is called fatigue.',
    fields: [
      {
        kind: 'choice',
        key: 'fatigueAlarm',
        label: 'Fatigue alarm',
        help: 'Strict keeps false alarms rare over weeks of scans and alarms a few days later; sensitive alarms sooner and more often wrongly.',
        options: [
          { value: 'strict', label: 'Strict (recommended)' },
          { value: 'sensitive', label: 'Sensitive' },
        ],
      },
    ],
  },
  {
    id: 'winners',
    title: 'Winners and the pre-spend gate',
    help: 'What counts as a winner, and when a new creative is advised against.',
    fields: [
      n('gateRejectRatio', 'Pre-spend gate: reject below', '× account CTR', 'The gate says REJECT when a new creative’s whole predicted-CTR interval is below this share of the account’s CTR.'),
      n('winnerMinCtr', 'Winner bar: CTR', 'share (0.03 = 3 %)', 'An ad with enough data and at least this CTR (or the pipeline ROAS below) is a winner.'),
      n('winnerMinPipelineRoas', 'Winner bar: pipeline ROAS', '×', 'An ad with enough data and at least this pipeline ROAS (or the CTR above) is a winner.'),
    ],
  },
  {
    id: 'sync',
    title: 'Meta pulls',
    help: 'How much history is read from Meta.',
    fields: [
      n('syncInitialDays', 'Days read on the first Meta pull', 'days', 'How far back a newly connected ad account is read.'),
      n('syncRereadDays', 'Days re-read on every Meta pull', 'days', 'Meta revises recent days; these are read again and overwritten.'),
    ],
  },
  {
    id: 'updates',
    title: 'Updates',
    help: 'The desktop app checks for updates at start and every 6 hours, and installs a downloaded one when it quits.',
    fields: [
      {
        kind: 'choice',
        key: 'updateChannel',
        label: 'Update channel',
        help: 'Beta gets new versions earlier and may be less polished. Also in the tray menu (“Get beta updates”).',
        options: [
          { value: 'stable', label: 'Stable' },
          { value: 'beta', label: 'Beta' },
        ],
      },
    ],
  },
  {
    id: 'privacy',
    title: 'Crash reports',
    help: 'Off until you turn it on.',
    fields: [b('crashReports', 'Send crash reports', 'Reports never include tokens, e-mail addresses, query strings or ad data. An open window starts reporting after the app restarts.')],
  },
];

export const allFields: Field[] = fieldGroups.flatMap((g) => g.fields);
export const numberFields = allFields.filter((f): f is NumberField => f.kind === 'number');
export const booleanFields = allFields.filter((f): f is BooleanField => f.kind === 'boolean');
export const choiceFields = allFields.filter((f): f is ChoiceField => f.kind === 'choice');

/** The allowed range, read from the contract so the form and the engine cannot disagree. */
export function numberBounds(key: NumberKey): { min: number | null; max: number | null } {
  const field = settingsSchema.shape[key] as unknown as { unwrap?: () => { minValue?: number | null; maxValue?: number | null } };
  const inner = field.unwrap?.();
  return { min: inner?.minValue ?? null, max: inner?.maxValue ?? null };
}

export type Draft = Record<NumberKey, string> & Record<BooleanKey, boolean> & Record<ChoiceKey, string>;

export function draftFrom(s: Settings): Draft {
  // Every setting, so an area adding one does not have to touch this form: numbers as text.
  const draft: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(s)) draft[key] = typeof value === 'number' ? String(value) : (value as boolean | string);
  return draft as Draft;
}

/**
 * The fields that differ from what the engine holds. Blank numbers are reported here; everything
 * else (ranges, types, enum values) is left to the contract, so its message is the one people see.
 */
export function patchFrom(draft: Draft, saved: Settings): { patch: Partial<Settings>; blanks: NumberKey[] } {
  const patch: Record<string, unknown> = {};
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
  for (const f of choiceFields) if (draft[f.key] !== saved[f.key]) patch[f.key] = draft[f.key];
  return { patch: patch as Partial<Settings>, blanks };
}
