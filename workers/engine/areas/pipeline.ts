// Handlers of the pipeline area: CSV import, attribution, stage values and synthetic revenue.
import type { pipelineMethods } from '../../../contract';
import { importCsv } from '../services/import';
import { ATTRIBUTION_WINDOW_DAYS, runAttribution } from '../services/pipeline/attribute';
import { applyStageTemplate, listStageValues, setStageValues } from '../services/pipeline/stage-values';
import { listDeals, pipelineSummary } from '../services/pipeline/summary';
import { pipelineTimeline } from '../services/pipeline/timeline';
import type { AreaDeps, AreaHandlers } from './types';

/** Days of clicks before a deal the time-window fallback looks at, after an import. */
const IMPORT_WINDOW_DAYS = ATTRIBUTION_WINDOW_DAYS;

export function pipelineArea(deps: AreaDeps): AreaHandlers<typeof pipelineMethods> {
  // The learning cycle's step 3: credit new and changed deals to ads (idempotent: a re-run on the
  // same data writes nothing).
  deps.cycle.register('attribute', async () => {
    const r = await deps.db.transaction((tx) => runAttribution(tx, { windowDays: IMPORT_WINDOW_DAYS }));
    if (r.changed > 0) deps.emit('workspace.changed', { reason: 'pipeline.attribute' });
    return { counts: { deals: r.deals, dealsAttributed: r.attributed, dealsUnattributed: r.unattributed, creditsChanged: r.changed } };
  });
  const { db } = deps;
  return {
    'import.csv': async (input) => {
      // Deals or ads just arrived: credit deals in the same transaction, so the workspace never
      // shows imported deals without their attribution.
      const report = await importCsv(db, input, async (tx) => {
        const r = await runAttribution(tx, { windowDays: IMPORT_WINDOW_DAYS });
        return { deals: r.deals, attributed: r.attributed };
      });
      deps.log.info('csv import', { kind: report.kind, read: report.rowsRead, imported: report.rowsImported, rejected: report.rowsRejected, ms: report.ms });
      if (!input.dryRun && report.rowsImported > 0) deps.changed(`import.${report.kind}`, null);
      return report;
    },
    'pipeline.attribute': async (input) => {
      const r = await db.transaction((tx) => runAttribution(tx, input));
      deps.log.info('attribution', { ...r });
      if (r.changed > 0) deps.changed('pipeline.attribute', null);
      return r;
    },
    'pipeline.summary': (input) => pipelineSummary(db, input),
    'pipeline.timeline': (input) => pipelineTimeline(db, input),
    'pipeline.deals': (input) => listDeals(db, input),
    'pipeline.unattributed': (input) => listDeals(db, { ...input, attributed: false }),
    'pipeline.stageValues': (input) => listStageValues(db, input.pipelineId),
    'pipeline.setStageValues': async (input) => deps.changed('pipeline.stageValues', await setStageValues(db, input)),
    'pipeline.applyStageTemplate': async (input) => deps.changed('pipeline.stageValues', await applyStageTemplate(db, input)),
  };
}
