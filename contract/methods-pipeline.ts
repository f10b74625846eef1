// Engine methods of the pipeline area: CSV import of the exports buyers already have, attribution
// of HubSpot deals to ads, stage values and synthetic revenue (pipeline value, pipeline ROAS).
import { z } from 'zod';
import { defineMethod } from './define';
import { currencyCode, entityId } from './common';

export const importKinds = ['meta-ads', 'hubspot-deals'] as const;
export type ImportKind = (typeof importKinds)[number];

export const importReportSchema = z.object({
  kind: z.enum(importKinds),
  file: z.string().nullable(),
  /** Data rows in the file (the header and blank lines excluded). */
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  /** Every rejected row with its line in the file (header = line 1) and why. */
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** Of the imported rows: new, changed, and already present with the same numbers. */
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  currency: currencyCode.nullable(),
  language: z.enum(['en', 'de', 'fr', 'es', 'pt']).nullable(),
  ignoredColumns: z.array(z.string()),
  /** What the import created besides rows: accounts, campaigns, ad sets, ads, pipelines, stages. */
  created: z.record(z.string(), z.number().int()),
  notes: z.array(z.string()),
  /** Deals attributed after the import (null when attribution did not run). */
  attributed: z.object({ deals: z.number().int(), attributed: z.number().int() }).nullable(),
  ms: z.number(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const pipelineMethods = {
  'import.csv': defineMethod({
    summary:
      'Import an Ads Manager export (daily breakdown by ad) or a HubSpot deal export, in one transaction: rows that cannot be read are rejected with their line and reason; a fatal problem changes nothing; re-importing the same file changes nothing.',
    mutates: true,
    input: z
      .object({
        kind: z.enum(importKinds),
        /** A file on the engine's machine … */
        path: z.string().min(1).optional(),
        /** … or the file's text (the browser reads it). */
        content: z.string().optional(),
        /** The ad account rows without an account column go to (meta-ads). */
        accountId: entityId.optional(),
        /** The currency of amounts when the file does not say (hubspot-deals). */
        currency: currencyCode.optional(),
        /** Parse and write inside a transaction, then roll back: the report without the change. */
        dryRun: z.boolean().default(false),
      })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.content === undefined), { message: 'give exactly one of `path` or `content`', path: ['path'] }),
    output: importReportSchema,
  }),
};
