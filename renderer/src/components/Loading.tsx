export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}
