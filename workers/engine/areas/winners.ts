// Handlers and background work of the winners area: the winner index (embeddings, winner flags,
// background re-embedding after an encoder version change), search, the pre-spend gate and
// battle plans.
import type { winnersMethods } from '../../../contract';
import { readSettings } from '../handlers/settings';
import { battlePlan, gate } from '../services/winners/gate';
import { activeVersion } from '../services/winners/index';
import type { WinnerIndexManager } from '../services/winners/manager';
import { searchSimilar } from '../services/winners/search';
import type { AreaDeps, AreaHandlers } from './types';

export function winnersArea(deps: AreaDeps, index: WinnerIndexManager): AreaHandlers<typeof winnersMethods> {
  // The learning cycle's step 5: embed new or changed ads, update results and winner flags.
  deps.cycle.register('winners', async () => {
    const r = await index.refresh();
    if (r.embedded > 0 || r.updated > 0) deps.emit('workspace.changed', { reason: 'winners' });
    return { counts: { adsEmbedded: r.embedded, indexRowsUpdated: r.updated, indexed: r.indexed, winners: r.winners } };
  });
  const { db } = deps;
  // An encoder version change is picked up when the engine opens; the rebuild runs in the background.
  const check = setTimeout(() => {
    index.startBackgroundIfNeeded().catch((e: unknown) => deps.log.warn('winner index: version check failed', { error: String(e) }));
  }, 0);
  deps.onClose(async () => {
    clearTimeout(check);
    await index.stop();
  });

  return {
    'winners.search': async (input) => {
      const settings = await readSettings(db);
      return searchSimilar(db, { ...input, efSearch: settings.winnersEfSearch, encoders: index.encoders });
    },
    'winners.gate': async (input) => {
      const out = await gate(db, { ...input, settings: await readSettings(db), encoders: index.encoders });
      return out.predictionId === null ? out : deps.changed('predictions', out);
    },
    'winners.battlePlan': async (input) => battlePlan(db, { ...input, settings: await readSettings(db), encoders: index.encoders }),
    'winners.reindex': async () => {
      return deps.changed('winners', await index.refresh());
    },
    'winners.status': async () => {
      const current = index.encoders.current.version;
      const res = await db.query<{ ads: number; indexed: number; winners: number; stale: number }>(
        `select (select count(*)::int from ads) as ads,
                count(e.ad_id)::int as indexed,
                count(*) filter (where e.is_winner)::int as winners,
                (select count(*)::int from ads a left join creative_embeddings x on x.ad_id = a.id and x.encoder_version = $1
                  where x.ad_id is null or x.dna_md5 is distinct from md5(a.dna::text)) as stale
           from creative_embeddings e where e.encoder_version = $2`,
        [current, await activeVersion(db, index.encoders)],
      );
      const row = res.rows[0]!;
      return {
        currentEncoderVersion: current,
        activeEncoderVersion: await activeVersion(db, index.encoders),
        building: index.building ? { ...index.building } : null,
        ...row,
      };
    },
  };
}
