import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactString, RotatingFile } from '../../workers/log';
import { memoryLogger } from '../helpers/silent-log';

describe('redaction', () => {
  it('removes tokens, access_token query strings and e-mails from strings', () => {
    const s = redactString(
      'GET https://graph.example/v25.0/act_1/insights?access_token=EAAB123secret&fields=spend for jane.doe@acme.io with Bearer pat-na1-11111111-2222-3333-4444-555555555555',
    );
    expect(s).not.toMatch(/EAAB123secret|jane\.doe@acme\.io|pat-na1-1111/);
    expect(s).toContain('access_token=[redacted]');
    expect(s).toContain('fields=spend');
  });

  it('drops the values of secret-named keys at any depth and keeps the rest', () => {
    const out = redact({ token: 'abc', nested: { Authorization: 'Bearer x', accessToken: 'y', spend: 100 }, list: ['a@b.co'] });
    expect(out).toEqual({ token: '[redacted]', nested: { Authorization: '[redacted]', accessToken: '[redacted]', spend: 100 }, list: ['[redacted-email]'] });
  });
});

describe('structured logs', () => {
  it('writes one JSON line per event with component, ids and duration, redacted', async () => {
    const mem = memoryLogger();
    await mem.child({ jobId: 'j-9' }).time('sync done', { url: 'https://x/?access_token=SECRET' }, async () => 1);
    const line = mem.lines[0]!;
    expect(line).toMatchObject({ level: 'info', component: 'test', msg: 'sync done', jobId: 'j-9', url: 'https://x/?access_token=[redacted]' });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.ts).toBe('string');
  });

  it('rotates the file by size and keeps a bounded number of old files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-logs-'));
    const file = new RotatingFile({ dir, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) file.write(`${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`);
    const names = fs.readdirSync(dir).sort();
    expect(names).toEqual(['adloop.log', 'adloop.log.1', 'adloop.log.2']);
    for (const n of names) expect(fs.statSync(path.join(dir, n)).size).toBeLessThanOrEqual(1000);
    // Lines stay whole across rotation.
    const last = fs.readFileSync(path.join(dir, 'adloop.log'), 'utf8').trim().split('\n').pop()!;
    expect(JSON.parse(last).i).toBe(99);
  });

  it('logs to a file in the given folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-logs-'));
    const log = createLogger({ component: 'cli', dir, pretty: false });
    log.info('hello', { email: 'x@y.com' });
    const text = fs.readFileSync(path.join(dir, 'adloop.log'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ component: 'cli', msg: 'hello', email: '[redacted-email]' });
  });
});
