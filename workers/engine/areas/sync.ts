// Handlers and background work of the sync area.
import type { syncMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

export function syncArea(_deps: AreaDeps): AreaHandlers<typeof syncMethods> {
  return {};
}
