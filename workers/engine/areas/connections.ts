// Handlers and background work of the connections area.
import type { connectionsMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

export function connectionsArea(_deps: AreaDeps): AreaHandlers<typeof connectionsMethods> {
  return {};
}
