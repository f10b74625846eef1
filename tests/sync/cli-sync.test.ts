// `adloop sync` end to end: a real CLI process (engine worker, PGlite on disk) pulling from the
// emulators over HTTP. The workspace equals the simulator's data; a re-sync is idempotent; a
// restated day is overwritten.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const endDay = yesterday();
let emu: Emulators;
let dir: string;

function adloop(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, env: { ...process.env, ADLOOP_SECRET_STORE: 'memory', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const tokens = { ADLOOP_META_TOKEN: 'meta-test-token', ADLOOP_HUBSPOT_TOKEN: 'hubspot-test-token' };
const syncArgs = () => ['sync', '--db', dir, '--meta-url', emu.meta.url, '--hubspot-url', emu.hubspot.url, '--json'];

async function totals() {
  const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
  try {
    const r = await db.query<Record<string, unknown>>(
      `select (select count(*)::int from ad_daily_metrics) rows, (select sum(spend)::bigint::text from ad_daily_metrics) spend,
              (select sum(clicks)::int from ad_daily_metrics) clicks, (select count(*)::int from ads) ads,
              (select count(*)::int from crm_deals) deals, (select sum(amount)::bigint::text from crm_deals) amount,
              (select count(*)::int from crm_contact_sources) contacts`,
    );
    return r.rows[0]!;
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  emu = await startEmulators({ seed: 21, ads: 50, days: 20, endDay });
  dir = await freshWorkspace('cli-sync');
});
afterAll(async () => emu?.close());

describe('adloop sync', () => {
  it('refuses bad flags with exit 2', async () => {
    const r = await adloop(['sync', '--db', dir, '--meta-url', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--meta-url');
  });

  it('syncs a workspace equal to the simulator, idempotently, overwriting a restated day', async () => {
    const first = await adloop(syncArgs(), tokens);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { results: Array<{ source: string; status: string; insightRows: number; deals: number }> };
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const m = emu.sim.metrics;
    const sum = (a: Int32Array) => Array.from(a.subarray(0, m.count)).reduce((x, y) => x + y, 0);
    const expected = {
      rows: m.count,
      spend: String(sum(m.spend)),
      clicks: sum(m.clicks),
      ads: emu.sim.ads.length,
      deals: emu.sim.deals.length,
      amount: String(emu.sim.deals.reduce((x, d) => x + d.amount, 0)),
      contacts: emu.sim.deals.length,
    };
    expect(await totals()).toEqual(expected);

    // Again, with the tokens only in the (per-process) store: none now, so the CLI says so and changes nothing.
    const noToken = await adloop(syncArgs());
    expect(noToken.code).toBe(1);
    expect(await totals()).toEqual(expected);

    const again = await adloop(syncArgs(), tokens);
    expect(again.code).toBe(0);
    expect(await totals()).toEqual(expected);

    const ad = emu.sim.ads[m.ad[m.count - 1]!]!;
    emu.meta.data.restate(ad.id, endDay, { spend: 55_555 });
    const restated = await adloop(syncArgs(), tokens);
    expect(restated.code).toBe(0);
    const t = await totals();
    const old = emu.sim.metrics.spend[m.count - 1]!;
    expect(emu.sim.days[m.day[m.count - 1]!]).toBe(endDay);
    expect(t.spend).toBe(String(Number(expected.spend) - old + 55_555));
    expect(t.rows).toBe(expected.rows);
  }, 300_000); // several engine starts (a fresh process each) on a shared 2-core machine

  it('exits 1 and says the token was refused when it has expired: Connect checks it before storing or pulling', async () => {
    emu.meta.expireToken();
    const r = await adloop(['sync', '--db', dir, '--source', 'meta', '--meta-url', emu.meta.url], tokens);
    emu.meta.setToken('meta-test-token');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[TokenRefused]: Meta refused the token; nothing was stored');
    expect(r.stdout).toBe('');
  }, 120_000);
});
