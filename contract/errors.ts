// Every error that crosses a boundary (worker port, IPC, HTTP, CLI) has this one shape, so a
// renderer, a script and a test can branch on `code` instead of parsing messages.
import { z } from 'zod';

export const errorCodes = [
  'InvalidInput', // the payload failed the method's schema; `issues` says which field
  'UnknownMethod',
  'DatabaseLocked', // another live process owns the data folder; `details.pid` names it
  'MigrationFailed',
  'MigrationChecksumMismatch', // an applied migration file was edited
  'NotFound',
  'Conflict',
  'IllegalTransition', // an approval-queue change cannot move that way; the message says why
  'GuardrailViolation', // a change breaks a guardrail; `details.violations` lists them
  'Unauthorized',
  'EngineClosed',
  'KeychainUnavailable', // no safe place for credentials (no OS keychain, or Linux basic_text not accepted); the message says why
  'NotConnected', // Meta or HubSpot has no token stored yet: connect it in Settings (sync.connect)
  'TokenRefused', // Meta or HubSpot refused an API token (Meta 190, HubSpot 401/403); not our own session's Unauthorized
  'ServiceUnavailable', // Meta or HubSpot could not be asked (network, timeout, 5xx, rate limit, an unexpected reply); `details.kind` says which
  'Internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const errorShapeSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  issues: z.array(fieldIssueSchema).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

export class AdloopError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = `AdloopError[${code}]`;
    this.code = code;
    this.issues = opts.issues;
    this.details = opts.details;
  }

  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message };
    if (this.issues) shape.issues = this.issues;
    if (this.details) shape.details = this.details;
    return shape;
  }
}

export function isAdloopError(e: unknown): e is AdloopError {
  return e instanceof AdloopError;
}

/** At most this many issues are reported: 100,000 bad array items must not make a 10 MB message. */
export const MAX_REPORTED_ISSUES = 10;

/** Turn zod's issues into "field: message" pairs a person can act on. */
export function invalidInput(where: string, error: z.ZodError): AdloopError {
  const issues = error.issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
  const more = error.issues.length - issues.length;
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return new AdloopError('InvalidInput', `Invalid input for ${where} — ${summary}`, more > 0 ? { issues, details: { moreIssues: more } } : { issues });
}

/** Anything thrown becomes a shape; unknown errors keep their message but not their stack. */
export function toErrorShape(e: unknown): ErrorShape {
  if (isAdloopError(e)) return e.toShape();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'Internal', message };
}

export function fromErrorShape(raw: unknown): AdloopError {
  const parsed = errorShapeSchema.safeParse(raw);
  if (!parsed.success) return new AdloopError('Internal', `Malformed error from the engine: ${JSON.stringify(raw)}`);
  const { code, message, issues, details } = parsed.data;
  const opts: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {};
  if (issues) opts.issues = issues;
  if (details) opts.details = details;
  return new AdloopError(code, message, opts);
}
