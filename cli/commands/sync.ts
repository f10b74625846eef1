import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson, progressPrinter } from '../output';
import { UsageError } from '../usage-error';

export const syncHelp = `adloop sync --db DIR [--source meta|hubspot|all] [--meta-url URL] [--hubspot-url URL] [--json]

Pull from Meta (campaigns, ad sets with budgets and status, ads, creatives, daily ad insights with
a trailing re-read window) and HubSpot (pipelines, deals changed since the last pull, their
contacts' source data) into the workspace. Tokens come from the OS keychain; to store one, set
ADLOOP_META_TOKEN / ADLOOP_HUBSPOT_TOKEN for this run (they are saved to the keychain, never to the
workspace). --meta-url / --hubspot-url point at another server (e.g. the local emulators).
Exit 1 when a source failed or needs reconnecting.`;

export async function syncCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    db: { type: 'string' },
    source: { type: 'string' },
    'meta-url': { type: 'string' },
    'hubspot-url': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(syncHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const source = values.source ?? 'all';
  if (source !== 'meta' && source !== 'hubspot' && source !== 'all') throw new UsageError(`--source expects meta, hubspot or all, got ${JSON.stringify(source)}`);
  for (const flag of ['meta-url', 'hubspot-url'] as const) {
    const v = values[flag];
    if (v !== undefined && !/^https?:\/\/[^\s]+$/.test(v)) throw new UsageError(`--${flag} expects an http(s) URL, got ${JSON.stringify(v)}`);
  }
  const session = await openSession(db, 'sync');
  try {
    const client = session.engine.client;
    const tokens = { meta: process.env.ADLOOP_META_TOKEN, hubspot: process.env.ADLOOP_HUBSPOT_TOKEN };
    // Connect checks each token with the service it will pull from (the --*-url override
    // included), so only the sources this run pulls are connected.
    for (const s of ['meta', 'hubspot'] as const) {
      const url = values[`${s}-url`];
      if (tokens[s] && (source === 'all' || source === s)) await client.call('sync.connect', { source: s, token: tokens[s]!, ...(url ? { url } : {}) });
    }
    const off = values.json ? () => undefined : client.on('progress', progressPrinter(true));
    const out = await client.call('sync.run', {
      source,
      ...(values['meta-url'] ? { metaUrl: values['meta-url'] } : {}),
      ...(values['hubspot-url'] ? { hubspotUrl: values['hubspot-url'] } : {}),
    });
    off();
    const bad = out.results.some((r) => r.status === 'failed' || r.status === 'reconnect-needed');
    const none = out.results.every((r) => r.status === 'not-connected');
    if (values.json) printJson(out);
    else {
      for (const r of out.results) {
        if (r.status === 'not-connected') process.stdout.write(`${r.source}: not connected (set ADLOOP_${r.source.toUpperCase()}_TOKEN once to store a token)\n`);
        else if (r.status !== 'ok') process.stdout.write(`${r.source}: ${r.status} — ${r.error?.message ?? ''}\n`);
        else if (r.source === 'meta') process.stdout.write(`meta: ${r.accounts} account(s), ${r.campaigns} campaigns, ${r.adSets} ad sets, ${r.ads} ads, ${r.insightRows} daily rows ${r.since ?? ''}…${r.until ?? ''}${r.skippedRows ? `, ${r.skippedRows} rows of unknown ads skipped` : ''}${r.asyncReports ? `, ${r.asyncReports} async report(s)` : ''}\n`);
        else process.stdout.write(`hubspot: ${r.pipelines} pipelines, ${r.stages} stages, ${r.deals} deals, ${r.contactSources} contact sources${r.skippedDeals ? `, ${r.skippedDeals} deals in unknown stages skipped` : ''}\n`);
      }
      process.stdout.write(`(${out.ms} ms)\n`);
    }
    return bad || none ? 1 : 0;
  } finally {
    await session.close();
  }
}
