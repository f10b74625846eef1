// Handlers and background work of the fatigue area.
import type { fatigueMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

export function fatigueArea(_deps: AreaDeps): AreaHandlers<typeof fatigueMethods> {
  return {};
}
