import { isAdloopError } from '../../../contract';

/** A failed engine call, with the typed error code so a bug report can name it. */
export function ErrorPanel({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const code = isAdloopError(error) ? error.code : 'Internal';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="panel panel-error" role="alert" data-testid="error-panel" data-error-code={code}>
      <h2>{title}</h2>
      <p>
        <code className="error-code">{code}</code> {message}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
