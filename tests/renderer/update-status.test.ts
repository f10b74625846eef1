import { describe, expect, it } from 'vitest';
import { updateLine } from '../../renderer/src/components/update-status';

describe('update status line', () => {
  it('stays quiet when there is nothing to do', () => {
    expect(updateLine(null)).toBeNull();
    expect(updateLine({ phase: 'idle' })).toBeNull();
    expect(updateLine({ phase: 'up-to-date', version: '1.2.0' })).toBeNull();
  });

  it('shows download progress as a bar and a rounded, clamped percentage', () => {
    expect(updateLine({ phase: 'downloading', version: '1.3.0', percent: 41.6 })).toEqual({ text: 'Downloading Adloop 1.3.0 — 42 %', percent: 42, tone: 'muted' });
    expect(updateLine({ phase: 'downloading', percent: 100.4 })!.percent).toBe(100);
    expect(updateLine({ phase: 'downloading', version: '1.3.0' })).toEqual({ text: 'Downloading Adloop 1.3.0…', percent: 0, tone: 'muted' });
  });

  it('says a downloaded update installs on quit', () => {
    expect(updateLine({ phase: 'ready', version: '1.3.0' })!.text).toBe('Adloop 1.3.0 is ready: it installs when you quit.');
  });

  it('tells offline apart from a real failure', () => {
    expect(updateLine({ phase: 'error', error: { message: 'net::ERR_INTERNET_DISCONNECTED', offline: true } })!.text).toBe('Offline: updates are checked again later.');
    expect(updateLine({ phase: 'error', error: { message: 'sha512 checksum mismatch', offline: false } })).toMatchObject({ tone: 'warn', text: expect.stringContaining('sha512 checksum mismatch') });
  });
});
