// The gate's model in the registry: which parameters the pre-spend gate runs with. Until the
// learning cycle has promoted a version, the gate runs with its defaults and the neighbour count
// from the settings; afterwards with the champion's parameters (its neighbour count never above
// the settings', which is how many neighbours the gate reads and records).
import { parseGateParams, type GateParams } from '../../domain/learning/gate-calibration';
import type { Database } from '../db';
import { champion } from './registry';

export const GATE_MODEL = 'gate';
/** The version name of the gate's built-in defaults (the settings' neighbour count). */
export const GATE_DEFAULT_VERSION = 'gate-v1';

export async function gateChampion(db: Pick<Database, 'query'>, maxNeighbours: number): Promise<{ version: string; params: GateParams; promoted: boolean }> {
  const c = await champion(db, GATE_MODEL);
  const params = parseGateParams(c?.params, maxNeighbours);
  params.neighbours = Math.min(params.neighbours, maxNeighbours);
  return { version: c?.version ?? GATE_DEFAULT_VERSION, params, promoted: c !== null };
}
