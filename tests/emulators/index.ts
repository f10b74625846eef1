// Both emulators on one simulated account: for tests and for a demo synced end to end.
import { simulate, yesterday, type Simulation } from '../../workers/simulator';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from './hubspot/server';
import { startMetaEmulator, type MetaEmulator, type MetaEmulatorOptions } from './meta/server';

export interface Emulators {
  sim: Simulation;
  meta: MetaEmulator;
  hubspot: HubSpotEmulator;
  close(): Promise<void>;
}

export async function startEmulators(opts: {
  seed?: number;
  ads?: number;
  days?: number;
  endDay?: string;
  meta?: Omit<MetaEmulatorOptions, 'sim'>;
  hubspot?: Omit<HubSpotEmulatorOptions, 'sim'>;
}): Promise<Emulators> {
  const sim = simulate({ seed: opts.seed ?? 1, ads: opts.ads ?? 60, days: opts.days ?? 30, endDay: opts.endDay ?? yesterday() });
  const meta = await startMetaEmulator({ sim, ...opts.meta });
  const hubspot = await startHubSpotEmulator({ sim, ...opts.hubspot });
  return { sim, meta, hubspot, close: async () => void (await Promise.all([meta.close(), hubspot.close()])) };
}

export { startMetaEmulator, startHubSpotEmulator };
export type { MetaEmulator, HubSpotEmulator };
