import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdloopError, ImportKind, ImportReport } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useEngine } from '../../engine/EngineProvider';
import { decodeFileBytes, reportHeadline } from './logic';

const KIND_LABEL: Record<ImportKind, string> = { 'meta-ads': 'Ads Manager export (daily, by ad)', 'hubspot-deals': 'HubSpot deal export' };

/** Import a CSV the buyer already has; the report says what was read, imported and rejected. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const client = useEngine();
  const [kind, setKind] = useState<ImportKind>('meta-ads');
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation<ImportReport & { fileName: string }, AdloopError, { kind: ImportKind; file: File }>({
    mutationFn: async ({ kind, file }) => {
      const content = decodeFileBytes(new Uint8Array(await file.arrayBuffer()));
      const report = await client.call('import.csv', { kind, content });
      return { ...report, fileName: file.name };
    },
    onSuccess: () => onImported(),
  });
  const report = run.data;
  return (
    <section className="panel" aria-labelledby="import-title" data-testid="import-panel">
      <div className="panel-head">
        <h2 id="import-title">Import a CSV export</h2>
        <p className="muted">English, German, French, Spanish or Portuguese headers; comma or semicolon. One transaction: a file that cannot be read changes nothing.</p>
      </div>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) run.mutate({ kind, file });
        }}
      >
        <div className="filter">
          <label htmlFor="import-kind">Kind</label>
          <select id="import-kind" value={kind} onChange={(e) => setKind(e.target.value as ImportKind)} data-testid="import-kind">
            {(Object.keys(KIND_LABEL) as ImportKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="import-file">File</label>
          <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
        </div>
        <button type="submit" className="button button-primary" disabled={!file || run.isPending} data-testid="import-submit">
          {run.isPending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {run.isError && <ErrorPanel title="Nothing was imported" error={run.error} />}
      {report && !run.isPending && !run.isError && (
        <div className="import-report" data-testid="import-report" data-rejected={report.rowsRejected} data-imported={report.rowsImported}>
          <p>
            <strong>{report.fileName}</strong>: <span data-testid="import-headline">{reportHeadline(report)}</span>
          </p>
          <p className="muted">
            {[
              report.currency && `Currency ${report.currency}`,
              report.language && `headers in ${report.language}`,
              ...Object.entries(report.created)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${n} new ${k}`),
              report.attributed && `${report.attributed.attributed} of ${report.attributed.deals} deals credited to an ad`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {report.notes.map((n) => (
            <p key={n} className="notice">
              {n}
            </p>
          ))}
          {report.rejected.length > 0 && (
            <div className="table-scroll">
            <table data-testid="import-rejected">
              <caption className="visually-hidden">Rejected rows</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Why it was not imported</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.slice(0, 200).map((r) => (
                  <tr key={r.line} data-testid="rejected-row">
                    <td className="num">{r.line}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
          {report.rejected.length > 200 && <p className="muted">… and {report.rejected.length - 200} more rejected rows.</p>}
          {report.ignoredColumns.length > 0 && <p className="muted">Columns not used: {report.ignoredColumns.join(', ')}.</p>}
        </div>
      )}
    </section>
  );
}
