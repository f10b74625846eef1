// What a client needs from the outside world, injectable so tests can run against the emulators
// without waiting minutes of real time for a rate limit, yet still see every wait that was asked.
export interface Runtime {
  fetch: typeof fetch;
  sleep(ms: number): Promise<void>;
  now(): number;
  random(): number;
}

export const realRuntime: Runtime = {
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

export interface RetryPolicy {
  /** Attempts in total, first included. */
  maxAttempts: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
  baseBackoffMs: number;
  capBackoffMs: number;
  /** Longest single wait a rate limit may impose before the call gives up with rate-limited. */
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 6, timeoutMs: 60_000, baseBackoffMs: 1000, capBackoffMs: 60_000, maxWaitMs: 60 * 60_000 };
