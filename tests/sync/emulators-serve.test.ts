// The standalone emulator runner a demo uses: starts both servers, answers, stops on SIGTERM.
import { afterEach, describe, expect, it } from 'vitest';
import { exited, spawnTs } from '../helpers/child';

const kids: Array<{ kill(signal?: NodeJS.Signals | number): boolean }> = [];
afterEach(() => {
  for (const k of kids.splice(0)) k.kill('SIGKILL');
});

describe('tests/emulators/serve.ts', () => {
  it('serves the simulated account on Meta and HubSpot until SIGTERM', async () => {
    const child = spawnTs('tests/emulators/serve.ts', ['--seed', '2', '--ads', '20', '--days', '7']);
    kids.push(child);
    const info = JSON.parse(await child.waitFor(/"listening"/)) as { meta: string; hubspot: string; metaToken: string; hubspotToken: string };
    const accounts = (await (await fetch(`${info.meta}/v25.0/me/adaccounts`, { headers: { authorization: `Bearer ${info.metaToken}` } })).json()) as { data: unknown[] };
    expect(accounts.data).toHaveLength(1);
    const pipelines = await fetch(`${info.hubspot}/crm/pipelines/2026-03/deals`, { headers: { authorization: `Bearer ${info.hubspotToken}` } });
    expect(pipelines.status).toBe(200);
    child.kill('SIGTERM');
    await exited(child);
    expect(child.exitCode).toBe(0);
  });
});
