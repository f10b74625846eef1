import type { WinnerNeighbourRow } from '../../../../contract';
import { LABEL, showValue } from './dna-form';

/** The searched DNA and one neighbour's, field by field, most important field first. */
export function Comparison({ neighbour, subject, onUseAsDraft }: { neighbour: WinnerNeighbourRow; subject: string; onUseAsDraft: () => void }) {
  const differing = neighbour.comparison.filter((c) => c.status === 'different').length;
  return (
    <section className="panel" data-testid="winners-comparison" aria-labelledby="comparison-title">
      <div className="panel-head">
        <h2 id="comparison-title">
          {subject} vs {neighbour.name}
        </h2>
        <p className="muted">
          {neighbour.similarityPct.toFixed(1)} % similar · {differing} field{differing === 1 ? '' : 's'} differ
        </p>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{subject}</th>
            <th scope="col">{neighbour.name}</th>
            <th scope="col">
              <span className="sr-only">Status</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {neighbour.comparison.map((c) => (
            <tr key={c.field} className={`cmp-${c.status}`} data-testid={`cmp-${c.field}`} data-status={c.status}>
              <th scope="row">{LABEL[c.field] ?? c.field}</th>
              <td>{showValue(c.draft)}</td>
              <td>{showValue(c.neighbour)}</td>
              <td>{c.status === 'same' ? 'same' : c.status === 'different' ? 'differs' : 'not known'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" className="button" onClick={onUseAsDraft} data-testid="use-neighbour-dna">
          Start a draft from {neighbour.name}
        </button>
      </p>
    </section>
  );
}
