// Handlers and background work of the winners area: the winner index (embeddings, winner flags,
// background re-embedding after an encoder version change), search, the pre-spend gate and
// battle plans.
import type { winnersMethods } from '../../../contract';
import type { WinnerIndexManager } from '../services/winners/manager';
import type { AreaDeps, AreaHandlers } from './types';

export function winnersArea(deps: AreaDeps, index: WinnerIndexManager): AreaHandlers<typeof winnersMethods> {
  // An encoder version change is picked up when the engine opens; the rebuild runs in the background.
  const check = setTimeout(() => {
    index.startBackgroundIfNeeded().catch((e: unknown) => deps.log.warn('winner index: version check failed', { error: String(e) }));
  }, 0);
  deps.onClose(async () => {
    clearTimeout(check);
    await index.stop();
  });
  return {};
}
