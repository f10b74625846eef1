// What can go wrong talking to Meta or HubSpot, as one typed error the engine can branch on.
// `kind` decides what happens next: reconnect-needed stops every sync of that service until the
// user pastes a new token; too-much-data switches insights to an async report; the rest are
// reported with the service's own code so a person can look it up.
export type Service = 'meta' | 'hubspot';

export type ApiErrorKind =
  | 'reconnect-needed' // Meta 190, HubSpot 401: the token is invalid or expired
  | 'rate-limited' // still limited after the allowed waits (or a write, which is never retried)
  | 'transient' // 5xx, Meta 1/2/1504043, network failure or timeout, after the allowed retries
  | 'too-much-data' // Meta 100 with subcode 1487534 / 1504018: ask for an async report instead
  | 'invalid-request' // Meta 100 and other 4xx: a bug or bad input, never retried
  | 'forbidden' // HubSpot 403: the token lacks a scope
  | 'malformed-reply' // the reply was not JSON, or not the shape the API documents
  | 'report-failed'; // an async insights report ended Failed or Skipped

export class ApiError extends Error {
  readonly service: Service;
  readonly kind: ApiErrorKind;
  /** Meta error.code / HubSpot HTTP status. */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly status: number | undefined;
  /** For rate limits: how long the service asked us to wait. */
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(
    service: Service,
    kind: ApiErrorKind,
    message: string,
    opts: { code?: number; subcode?: number; status?: number; retryAfterMs?: number; attempts?: number } = {},
  ) {
    super(message);
    this.name = `ApiError[${service}:${kind}]`;
    this.service = service;
    this.kind = kind;
    this.code = opts.code;
    this.subcode = opts.subcode;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.attempts = opts.attempts ?? 1;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
