// One request with the retry rules both clients share: wait for the account's gate, time out each
// attempt, retry only what the classifier calls transient (with the wait it names, or exponential
// backoff with jitter), and never retry a write whose fate is unknown.
import type { z } from 'zod';
import { backoffMs } from './backoff';
import { ApiError, type Service } from './errors';
import type { RateGate } from './limiter';
import type { RetryPolicy, Runtime } from './runtime';

export type Verdict =
  | { ok: true; json: unknown }
  | { ok: false; error: ApiError; retry: boolean; waitMs?: number };

export interface CallOptions {
  service: Service;
  rt: Runtime;
  policy: RetryPolicy;
  gate: RateGate;
  gateKey: string;
  url: string;
  init: RequestInit;
  /** Reads may be repeated; a write whose reply was lost may not (it may have happened). */
  idempotent: boolean;
  classify(res: Response, text: string): Verdict;
  onHeaders?(headers: Headers): void;
  /** Called before each wait, for progress and tests. */
  onWait?(ms: number, why: string): void;
}

export async function callJson(o: CallOptions): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    await o.gate.wait(o.gateKey);
    let res: Response;
    let text: string;
    try {
      res = await o.rt.fetch(o.url, { ...o.init, signal: AbortSignal.timeout(o.policy.timeoutMs) });
      text = await res.text();
    } catch (e) {
      const why = (e as Error).name === 'TimeoutError' ? `timed out after ${o.policy.timeoutMs} ms` : `network error: ${(e as Error).message}`;
      if (!o.idempotent || attempt >= o.policy.maxAttempts) {
        throw new ApiError(o.service, 'transient', `${o.service} request ${why}${o.idempotent ? ` (${attempt} attempts)` : ' (a write is not repeated when its reply is lost)'}`, { attempts: attempt });
      }
      const wait = backoffMs(attempt - 1, o.rt.random, o.policy.baseBackoffMs, o.policy.capBackoffMs);
      o.onWait?.(wait, why);
      o.gate.block(o.gateKey, wait);
      continue;
    }
    o.onHeaders?.(res.headers);
    const v = o.classify(res, text);
    if (v.ok) return v.json;
    // Writes are never repeated here: the push decides from a read whether one happened.
    const canRetry = v.retry && o.idempotent && attempt < o.policy.maxAttempts;
    const wait = v.waitMs && v.waitMs > 0 ? v.waitMs : backoffMs(attempt - 1, o.rt.random, o.policy.baseBackoffMs, o.policy.capBackoffMs);
    // A rate limit holds back every later call for this account, retried or not.
    if (v.error.kind === 'rate-limited') o.gate.block(o.gateKey, wait);
    if (!canRetry || wait > o.policy.maxWaitMs) {
      throw new ApiError(v.error.service, v.error.kind, v.error.message, {
        code: v.error.code, subcode: v.error.subcode, status: v.error.status, retryAfterMs: v.error.retryAfterMs ?? (v.error.kind === 'rate-limited' ? wait : undefined), attempts: attempt,
      });
    }
    o.onWait?.(wait, v.error.message);
    if (v.error.kind !== 'rate-limited') o.gate.block(o.gateKey, wait);
  }
}

/** Parses a reply's JSON text; anything unparsable is a typed malformed-reply error. */
export function parseJson(service: Service, text: string, status: number): { ok: true; json: unknown } | { ok: false; error: ApiError } {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: new ApiError(service, 'malformed-reply', `${service} replied with HTTP ${status} and a body that is not JSON (${text.length} bytes)`, { status }) };
  }
}

/** Validates a reply against the documented shape; a mismatch changes nothing downstream. */
export function validate<T extends z.ZodType>(service: Service, schema: T, json: unknown, what: string): z.output<T> {
  const r = schema.safeParse(json);
  if (!r.success) {
    const detail = r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ApiError(service, 'malformed-reply', `${service} ${what}: the reply does not have the documented shape — ${detail}`);
  }
  return r.data;
}
