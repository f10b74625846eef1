import { describe, expect, it } from 'vitest';
import { hashForView, viewForShortcut, viewFromHash, views } from '../../renderer/src/routing/views';

describe('hash routes', () => {
  it('reads the view from the hash and falls back to the Overview', () => {
    expect(viewFromHash('#/budget')).toBe('budget');
    expect(viewFromHash('#/settings?x=1')).toBe('settings');
    expect(viewFromHash('#settings')).toBe('settings');
    expect(viewFromHash('')).toBe('overview');
    expect(viewFromHash('#/nope')).toBe('overview');
  });

  it('round-trips every view', () => {
    for (const v of views) expect(viewFromHash(hashForView(v.id))).toBe(v.id);
  });

  it('maps Alt+1…8 to the views in navigation order', () => {
    expect(viewForShortcut('1')).toBe('overview');
    expect(viewForShortcut('8')).toBe('settings');
    expect(viewForShortcut('9')).toBeNull();
    expect(viewForShortcut('0')).toBeNull();
    expect(viewForShortcut('x')).toBeNull();
  });
});
