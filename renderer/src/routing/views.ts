// The app's views, in navigation order. The hash (`#/budget`) is the source of truth so a reload
// or a copied link keeps the view.

export const views = [
  { id: 'overview', label: 'Overview' },
  { id: 'budget', label: 'Budget' },
  { id: 'winners', label: 'Winners' },
  { id: 'fatigue', label: 'Fatigue' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'learning', label: 'Learning' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ViewId = (typeof views)[number]['id'];

export const defaultView: ViewId = 'overview';

export function isViewId(v: string): v is ViewId {
  return views.some((x) => x.id === v);
}

/** "#/budget" → "budget"; anything unknown or empty → the default view. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isViewId(id) ? id : defaultView;
}

export function hashForView(view: ViewId): string {
  return `#/${view}`;
}

/** Alt+1 … Alt+8 jump to the view at that position. */
export function viewForShortcut(key: string): ViewId | null {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 1 || n > views.length) return null;
  return views[n - 1]!.id;
}
