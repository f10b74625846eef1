import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../contract';
import { draftFrom, numberBounds, patchFrom } from '../../renderer/src/views/settings/fields';

const saved = settingsSchema.parse({});

describe('settings form', () => {
  it('reads each range from the contract', () => {
    expect(numberBounds('scanIntervalHours')).toEqual({ min: 0.25, max: 48 });
    expect(numberBounds('halfLifeDays')).toEqual({ min: 0.5, max: 90 });
  });

  it('sends only what changed', () => {
    expect(patchFrom(draftFrom(saved), saved)).toEqual({ patch: {}, blanks: [] });
    const draft = { ...draftFrom(saved), scanIntervalHours: '4', crashReports: true };
    expect(patchFrom(draft, saved)).toEqual({ patch: { scanIntervalHours: 4, crashReports: true }, blanks: [] });
  });

  it('passes out-of-range numbers through so the contract’s own error is shown', () => {
    const { patch } = patchFrom({ ...draftFrom(saved), scanIntervalHours: '0' }, saved);
    expect(patch).toEqual({ scanIntervalHours: 0 });
    expect(settingsSchema.partial().strict().safeParse(patch).success).toBe(false);
  });

  it('reports blank numbers instead of sending them', () => {
    expect(patchFrom({ ...draftFrom(saved), halfLifeDays: '  ' }, saved).blanks).toEqual(['halfLifeDays']);
  });
});
