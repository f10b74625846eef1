import type { Totals } from '../../../../contract';
import { headlineCards } from './headline-cards';
import type { MoneyScope } from './money';

export function Headlines({ totals, scope }: { totals: Totals; scope: MoneyScope }) {
  return (
    <section aria-label="Headline numbers">
      <dl className="headlines">
        {headlineCards(totals, scope).map((c) => (
          <div key={c.id} className={`headline headline-${c.id}`} data-testid={`headline-${c.id}`} data-value={c.raw}>
            <dt>{c.label}</dt>
            <dd className="headline-value">{c.shown}</dd>
            <dd className="headline-note">{c.note}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
