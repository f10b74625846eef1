// One owner of index writes per engine: refreshes run one after another (a refresh asked for while
// one runs waits for it, then runs, so it sees the newest data), and the background rebuild after
// an encoder version change yields to engine calls between batches and stops when the engine closes.
import type { Logger } from '../../../log';
import type { Database } from '../../db';
import { readSettings } from '../../handlers/settings';
import { defaultEncoders, type EncoderRegistry } from './encoders';
import { needsRebuild, refreshIndex, type RefreshResult } from './index';

export class WinnerIndexManager {
  private tail: Promise<unknown> = Promise.resolve();
  private stopping = false;
  /** Set while a background rebuild runs. */
  building: { version: number; embedded: number; startedAt: string } | null = null;
  lastRefresh: RefreshResult | null = null;
  background: Promise<RefreshResult | null> = Promise.resolve(null);

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    readonly encoders: EncoderRegistry = defaultEncoders,
  ) {}

  /** Incremental refresh with the current encoder (embeds new/changed ads, updates results and flags). */
  refresh(): Promise<RefreshResult> {
    return this.enqueue(false);
  }

  /** Starts the background rebuild when the current encoder version is not built but another is. */
  async startBackgroundIfNeeded(): Promise<boolean> {
    if (this.stopping || !(await needsRebuild(this.db, this.encoders))) return false;
    const version = this.encoders.current.version;
    this.building = { version, embedded: 0, startedAt: new Date().toISOString() };
    this.log.info('winner index: re-embedding for a new encoder version', { encoderVersion: version });
    this.background = this.enqueue(true).then(
      (r) => {
        this.log.info('winner index: rebuild finished', { encoderVersion: version, complete: r.complete, embedded: r.embedded, durationMs: r.ms });
        return r;
      },
      (e: unknown) => {
        this.log.warn('winner index: rebuild failed', { encoderVersion: version, error: String(e) });
        return null;
      },
    );
    void this.background.finally(() => (this.building = null));
    return true;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.tail.catch(() => undefined);
  }

  private enqueue(background: boolean): Promise<RefreshResult> {
    const run = async () => {
      const settings = await readSettings(this.db);
      const result = await refreshIndex(this.db, settings, {
        encoder: this.encoders.current,
        batchSize: background ? 500 : 2000,
        shouldStop: () => this.stopping,
        // Let queued engine calls run between background batches.
        betweenBatches: background ? () => new Promise<void>((r) => setImmediate(r)) : undefined,
        onProgress: (embedded) => {
          if (this.building) this.building.embedded = embedded;
        },
      });
      this.lastRefresh = result;
      return result;
    };
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
