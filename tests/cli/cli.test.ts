import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceLayout } from '../../workers/engine/layout';
import { exited, spawnTs } from '../helpers/child';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const adloop = (...args: string[]) => spawnSync(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

const kids: Array<{ kill(signal?: NodeJS.Signals | number): boolean }> = [];
afterEach(() => {
  for (const k of kids.splice(0)) k.kill('SIGKILL');
});

describe('adloop CLI', () => {
  it('--help for the tool and for each command exits 0', () => {
    const top = adloop('--help');
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/serve[\s\S]*demo/);
    for (const cmd of ['serve', 'demo', 'call']) {
      const r = adloop(cmd, '--help');
      expect(r.status, cmd).toBe(0);
      expect(r.stdout).toContain(`adloop ${cmd}`);
    }
  });

  it('bad input exits 2 with a one-line reason on stderr', () => {
    const cases: string[][] = [
      ['demo'], // --db missing
      ['serve', '--db', '/tmp/x', '--port', 'eighty'],
      ['demo', '--db', '/tmp/x', '--bogus'],
      ['call', 'no.such.method', '--db', '/tmp/x'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const r = adloop(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('an input the contract refuses exits 2 and changes nothing; a valid call prints JSON', async () => {
    const db = await freshWorkspace('cli');
    const bad = adloop('call', 'settings.update', '{"scanIntervalHours":0}', '--db', db);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('scanIntervalHours');
    const get = adloop('call', 'settings.get', '--db', db);
    expect(get.status).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ scanIntervalHours: 2 });
    const methods = adloop('methods', '--json');
    expect(JSON.parse(methods.stdout).map((m: { name: string }) => m.name)).toContain('workspace.summary');
  });

  it('a failure exits 1: a workspace locked by another process', async () => {
    const db = await freshWorkspace('cli-locked');
    const holder = spawnTs('tests/engine/fixtures/hold-lock.mts', [workspaceLayout(db).lockFile]);
    kids.push(holder);
    await holder.waitFor(/locked/);
    const r = adloop('call', 'engine.info', '--db', db);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DatabaseLocked');
    expect(r.stderr).toContain(`pid ${holder.pid}`);
  });

  it('serve --json prints the URL when ready, answers with the token, and stops cleanly on SIGTERM', async () => {
    const db = await freshWorkspace('cli-serve');
    const child = spawn(process.execPath, ['bin/adloop.mjs', 'serve', '--db', db, '--port', '0', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    kids.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
      });
      child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
    });
    const ready = JSON.parse(line) as { event: string; url: string; port: number; token: string };
    expect(ready.event).toBe('listening');
    expect(ready.url).toBe(`http://127.0.0.1:${ready.port}/?token=${ready.token}`);
    const res = await fetch(`http://127.0.0.1:${ready.port}/rpc/engine.info`, { method: 'POST', headers: { 'x-adloop-token': ready.token }, body: '{}' });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(fs.existsSync(workspaceLayout(db).lockFile)).toBe(false);
  });
});

describe('adloop cycle', () => {
  it('runs the learning cycle on a demo workspace and prints every step; --json prints the run', async () => {
    const db = await freshWorkspace('cli-cycle');
    expect(adloop('demo', '--db', db, '--seed', '3', '--ads', '40', '--days', '30', '--json').status).toBe(0);
    const text = adloop('cycle', '--db', db);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Learning run #1: done/);
    for (let i = 1; i <= 7; i++) expect(text.stdout).toMatch(new RegExp(`\\n  ${i}\\. `));
    expect(text.stdout).toMatch(/Update the sampler’s posteriors\s+done \([\d.]+ s\): accounts 1, posteriorsUpdated \d+/);
    const json = adloop('cycle', '--db', db, '--json');
    expect(json.status, json.stderr).toBe(0);
    const run = JSON.parse(json.stdout) as { id: number; state: string; steps: Array<{ id: string; state: string }> };
    expect([run.id, run.state, run.steps.length]).toEqual([2, 'done', 7]);
    expect(adloop('cycle').status).toBe(2); // --db missing
  }, 180_000);
});
