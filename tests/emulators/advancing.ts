// Emulators whose simulated day moves forward: both APIs sit behind stable front URLs that
// forward to emulators serving the simulation as it stood at the end of the current day
// (sliceSimulation); POST /__control/advance on either front moves to the next day (or to
// {"through": dayIndex}) by starting emulators on the new slice. For tests where days pass while
// the app runs (the learning cycles end to end). Writes a test pushed are not carried over a day.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulate, yesterday, type Simulation } from '../../workers/simulator';
import { startHubSpotEmulator, type HubSpotEmulator } from './hubspot/server';
import { startMetaEmulator, type MetaEmulator } from './meta/server';
import { sliceSimulation } from './slice';

export interface AdvancingEmulators {
  sim: Simulation;
  meta: { url: string };
  hubspot: { url: string };
  /** Day index (into sim.days) the emulators serve through. */
  readonly through: number;
  advance(to?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startAdvancingEmulators(opts: { seed?: number; ads?: number; days?: number; endDay?: string; startThrough: number }): Promise<AdvancingEmulators> {
  const sim = simulate({ seed: opts.seed ?? 1, ads: opts.ads ?? 60, days: opts.days ?? 30, endDay: opts.endDay ?? yesterday() });
  if (!(opts.startThrough >= 0 && opts.startThrough < sim.days.length)) throw new RangeError(`startThrough must be a day index below ${sim.days.length}`);
  let through = opts.startThrough;
  let inner: { meta: MetaEmulator; hubspot: HubSpotEmulator } | null = null;
  const startInner = async () => {
    const slice = sliceSimulation(sim, through);
    const next = { meta: await startMetaEmulator({ sim: slice }), hubspot: await startHubSpotEmulator({ sim: slice }) };
    const old = inner;
    inner = next;
    await Promise.all([old?.meta.close(), old?.hubspot.close()]);
  };
  await startInner();

  const advance = async (to?: number) => {
    const target = to ?? through + 1;
    if (!(Number.isInteger(target) && target > through && target < sim.days.length)) throw new RangeError(`cannot advance from day ${through} to ${target} (last ${sim.days.length - 1})`);
    through = target;
    await startInner();
    return through;
  };

  const front = async (pick: () => string) => {
    const server = http.createServer((req, res) => {
      if (req.method === 'POST' && req.url?.startsWith('/__control/advance')) {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          const to = body ? (JSON.parse(body) as { through?: number }).through : undefined;
          advance(to).then(
            (t) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end(JSON.stringify({ through: t, day: sim.days[t] }))),
            (e: unknown) => (res.writeHead(400, { 'content-type': 'text/plain' }), res.end(String((e as Error).message))),
          );
        });
        return;
      }
      const target = new URL(req.url ?? '/', pick());
      // The client's own Host header goes through, so the emulators' paging links name this front
      // door, as Meta's name the host the client asked (the client follows no link to another host).
      const out = http.request(target, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      out.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`advancing emulator: ${e.message}`);
      });
      req.pipe(out);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const meta = await front(() => inner!.meta.url);
  const hubspot = await front(() => inner!.hubspot.url);
  const closeServer = (s: http.Server) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())));

  return {
    sim,
    meta: { url: meta.url },
    hubspot: { url: hubspot.url },
    get through() {
      return through;
    },
    advance,
    close: async () => {
      await Promise.all([closeServer(meta.server), closeServer(hubspot.server), inner?.meta.close(), inner?.hubspot.close()]);
    },
  };
}
