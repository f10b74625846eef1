import { useEffect } from 'react';
import { useUi } from '../state/ui-store';
import { hashForView, viewForShortcut, viewFromHash } from './views';

/** Keep the store's view in step with the address bar, and wire Alt+1…8. */
export function useHashRoute(): void {
  const setView = useUi((s) => s.setView);

  useEffect(() => {
    const sync = () => setView(viewFromHash(window.location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setView]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // e.code keeps working on layouts where Alt+digit types a symbol.
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? e.key;
      const view = viewForShortcut(digit);
      if (!view) return;
      e.preventDefault();
      window.location.hash = hashForView(view);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
