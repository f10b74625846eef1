// `import.csv`: one transaction per file — the parse, the structure it creates, the rows, the
// stage values and the attribution that follow — so a fatal error anywhere leaves the workspace
// exactly as it was.
import type { ImportReport, ParsedInput } from '../../../../contract';
import { clipText } from '../../../domain/import/headers';
import type { Database } from '../../db';
import { importHubspotDeals, workspaceCurrency } from './hubspot-deals';
import { importMetaAds } from './meta-ads';
import { readImportBytes, readImportText } from './source';
import { refreshDefaultStageValues } from '../pipeline/stage-defaults';

/** Thrown inside the transaction to roll a dry run back after its report is made. */
class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/** The counts every import reports alike, from what the importer did. */
function rowCounts(r: { parse: { read: number; language: ImportReport['language']; ignoredColumns: string[] }; imported: number; inserted: number; updated: number; rejected: ImportReport['rejected'] }) {
  return {
    rowsRead: r.parse.read,
    rowsImported: r.imported,
    rowsRejected: r.rejected.length,
    // Reasons quote the cell and the ignored list names the header: a cell or header of megabytes is clipped.
    rejected: r.rejected.map((x) => ({ line: x.line, reason: clipText(x.reason, 300) })),
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.imported - r.inserted - r.updated,
    language: r.parse.language,
    ignoredColumns: r.parse.ignoredColumns.map((x) => clipText(x)),
  };
}

export type AfterImport = (tx: Pick<Database, 'query' | 'exec'>) => Promise<{ deals: number; attributed: number } | null>;

export async function importCsv(db: Database, input: ParsedInput<'import.csv'>, after: AfterImport = async () => null): Promise<ImportReport> {
  const started = performance.now();
  // Ads Manager exports are read as bytes (the million-row case); deal exports as text.
  const source = input.kind === 'meta-ads' ? { bytes: readImportBytes(input), text: null } : { bytes: null, text: readImportText(input) };
  const file = (source.bytes ?? source.text).file;
  try {
    return await db.transaction(async (tx) => {
      let report: ImportReport;
      if (source.bytes) {
        const r = await importMetaAds(tx, source.bytes.text, { accountId: input.accountId });
        report = {
          kind: input.kind,
          file,
          ...rowCounts(r),
          currency: r.parse.currency,
          created: r.created,
          notes: r.parse.notes,
          attributed: null,
          ms: 0,
        };
      } else {
        const r = await importHubspotDeals(tx, source.text.text, { currency: input.currency });
        await refreshDefaultStageValues(tx, input.currency ?? (await workspaceCurrency(tx)) ?? 'USD');
        const notes = [...r.parse.notes];
        if (r.created.pipelines.length) notes.push(`New pipelines: ${r.created.pipelines.join(', ')}.`);
        if (r.created.stages.length) notes.push(`New stages: ${r.created.stages.join(', ')}.`);
        report = {
          kind: input.kind,
          file,
          ...rowCounts(r),
          currency: r.parse.rows.find((d) => d.currency)?.currency ?? null,
          created: { pipelines: r.created.pipelines.length, stages: r.created.stages.length },
          notes,
          attributed: null,
          ms: 0,
        };
      }
      if (report.rowsRead === 0) report.notes.push('The file has a header but no data rows.');
      report.attributed = await after(tx);
      report.ms = Math.round(performance.now() - started);
      if (input.dryRun) throw new DryRun(report);
      return report;
    });
  } catch (e) {
    if (e instanceof DryRun) return { ...e.report, notes: [...e.report.notes, 'Dry run: nothing was written.'] };
    throw e;
  }
}
