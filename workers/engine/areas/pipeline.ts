// Handlers of the pipeline area: CSV import, attribution, stage values and synthetic revenue.
import type { pipelineMethods } from '../../../contract';
import { importCsv } from '../services/import';
import type { AreaDeps, AreaHandlers } from './types';

export function pipelineArea(deps: AreaDeps): AreaHandlers<typeof pipelineMethods> {
  return {
    'import.csv': async (input) => {
      const report = await importCsv(deps.db, input);
      deps.log.info('csv import', { kind: report.kind, read: report.rowsRead, imported: report.rowsImported, rejected: report.rowsRejected, ms: report.ms });
      if (!input.dryRun && report.rowsImported > 0) deps.changed(`import.${report.kind}`, null);
      return report;
    },
  };
}
