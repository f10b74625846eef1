// Handlers and background work of the winners area.
import type { winnersMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

export function winnersArea(_deps: AreaDeps): AreaHandlers<typeof winnersMethods> {
  return {};
}
