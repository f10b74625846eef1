// Runs both emulators until Ctrl+C / SIGTERM, for a demo synced end to end:
//   node --import tsx tests/emulators/serve.ts [--seed N] [--ads N] [--days N]
// prints one JSON line {"event":"listening","meta","hubspot","metaToken","hubspotToken"}; then
//   ADLOOP_META_TOKEN=meta-test-token ADLOOP_HUBSPOT_TOKEN=hubspot-test-token \
//     adloop sync --db DIR --meta-url <meta> --hubspot-url <hubspot>
import { parseArgs } from 'node:util';
import { startEmulators } from './index';

const { values } = parseArgs({ options: { seed: { type: 'string' }, ads: { type: 'string' }, days: { type: 'string' }, 'end-day': { type: 'string' }, 'max-page': { type: 'string' } } });
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const emu = await startEmulators({
  seed: num(values.seed, 1),
  ads: num(values.ads, 300),
  days: num(values.days, 60),
  ...(values['end-day'] ? { endDay: values['end-day'] } : {}),
  meta: { maxPageSize: num(values['max-page'], 5000) },
});
process.stdout.write(JSON.stringify({ event: 'listening', meta: emu.meta.url, hubspot: emu.hubspot.url, metaToken: 'meta-test-token', hubspotToken: 'hubspot-test-token' }) + '\n');
const stop = () => void emu.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
