import { useRef, type KeyboardEvent } from 'react';
import { useUi } from '../state/ui-store';
import { hashForView, views } from '../routing/views';

/**
 * The left navigation: real links (so Enter, middle-click and screen readers behave), arrow keys
 * move between them, Alt+1…8 jump from anywhere.
 */
export function Nav() {
  const current = useUi((s) => s.view);
  const links = useRef<Array<HTMLAnchorElement | null>>([]);

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
              <kbd aria-hidden="true">Alt {i + 1}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
