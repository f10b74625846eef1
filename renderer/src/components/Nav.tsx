import { useRef, type KeyboardEvent } from 'react';
import { useUi } from '../state/ui-store';
import { hashForView, views } from '../routing/views';
import { useEngineQuery } from '../engine/queries';

/**
 * The left navigation: real links (so Enter, middle-click and screen readers behave), arrow keys
 * move between them, Alt+1…8 jump from anywhere.
 */
export function Nav() {
  const current = useUi((s) => s.view);
  const links = useRef<Array<HTMLAnchorElement | null>>([]);
  // Ads newly flagged by the latest scan; re-read whenever the engine says the workspace changed.
  const fresh = useEngineQuery('fatigue.latest', { newOnly: true, limit: 1 });
  const newFindings = fresh.data?.total ?? 0;

  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const last = views.length - 1;
    const target =
      e.key === 'ArrowDown' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowUp' ? (index === 0 ? last : index - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : null;
    if (target === null) return;
    e.preventDefault();
    links.current[target]?.focus();
  };

  return (
    <nav aria-label="Main" className="nav">
      <ul>
        {views.map((v, i) => (
          <li key={v.id}>
            <a
              ref={(el) => {
                links.current[i] = el;
              }}
              href={hashForView(v.id)}
              aria-current={current === v.id ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${i + 1}`}
              data-testid={`nav-${v.id}`}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              <span>{v.label}</span>
              {v.id === 'fatigue' && newFindings > 0 && (
                <span className="nav-badge" data-testid="nav-fatigue-badge" aria-label={`${newFindings} new fatigue ${newFindings === 1 ? 'finding' : 'findings'}`}>
                  {newFindings}
                </span>
              )}
              <kbd aria-hidden="true">Alt {i + 1}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
