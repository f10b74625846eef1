// Connect checks a token with the service before anything is stored: Meta says whose it is (GET
// /me) and which ad accounts it sees, HubSpot which portal it opens (account details). A refused
// token or an unreachable service is a typed error and nothing is kept, so "connected" always
// means "the service accepted this token at least once", and the label is the service's word.
import { AdloopError, type ConnectionIdentity, type Settings, type SyncSource } from '../../../../contract';
import { ApiError, HubSpotClient, MetaClient, type HubSpotClientOptions, type MetaClientOptions, type RetryPolicy } from '../../../../sync';
import type { Database } from '../../db';
import { CONNECTION } from './state';

/**
 * A person is waiting on the Connect button: a few quick attempts, not the pull's minutes of
 * backoff. A rate limit asking for longer than maxWaitMs is reported rather than waited out.
 */
export const CONNECT_POLICY: RetryPolicy = { maxAttempts: 3, timeoutMs: 20_000, baseBackoffMs: 500, capBackoffMs: 4_000, maxWaitMs: 10_000 };

export interface ConnectOptions {
  meta?: Partial<MetaClientOptions>;
  hubspot?: Partial<HubSpotClientOptions>;
}

export interface Verified {
  connectedAs: string;
  identity: ConnectionIdentity;
}

const TITLE: Record<SyncSource, string> = { meta: 'Meta', hubspot: 'HubSpot' };

/** Asks the service who the token belongs to. Throws TokenRefused or ServiceUnavailable. */
export async function verifyToken(source: SyncSource, token: string, settings: Settings, url: string | undefined, o: ConnectOptions = {}): Promise<Verified> {
  try {
    if (source === 'meta') {
      const client = new MetaClient({ baseUrl: url ?? settings.metaBaseUrl, version: settings.metaApiVersion, token, ...o.meta, policy: { ...CONNECT_POLICY, ...o.meta?.policy } });
      const user = await client.me();
      const accounts = await client.adAccounts();
      const identity: ConnectionIdentity = { source, userId: user.id, userName: user.name, adAccounts: accounts.map((a) => ({ id: a.id, name: a.name, currency: a.currency })) };
      return { connectedAs: metaLabel(identity), identity };
    }
    const client = new HubSpotClient({ baseUrl: url ?? settings.hubspotBaseUrl, version: settings.hubspotApiVersion, token, ...o.hubspot, policy: { ...CONNECT_POLICY, ...o.hubspot?.policy } });
    const p = await client.portal();
    const identity: ConnectionIdentity = { source, portalId: p.portalId, accountType: p.accountType, timeZone: p.timeZone, currency: p.currency, uiDomain: p.uiDomain, dataHostingLocation: p.dataHostingLocation };
    return { connectedAs: hubspotLabel(identity), identity };
  } catch (e) {
    throw connectError(source, e);
  }
}

export function metaLabel(id: Extract<ConnectionIdentity, { source: 'meta' }>): string {
  const n = id.adAccounts.length;
  const one = id.adAccounts[0];
  const accounts = n === 0 ? 'no ad accounts' : n === 1 && one ? `${one.name} (act_${one.id})` : `${n} ad accounts`;
  return `${id.userName} · ${accounts}`;
}

export function hubspotLabel(id: Extract<ConnectionIdentity, { source: 'hubspot' }>): string {
  // A sandbox or test portal is worth saying: its deals are not the real pipeline.
  const kind = id.accountType === 'STANDARD' ? '' : ` (${id.accountType.toLowerCase().replace(/_/g, ' ')})`;
  return `HubSpot portal ${id.portalId}${kind}`;
}

/** The client's typed failure as the engine's: refused (the user must act) or not asked (try again). */
export function connectError(source: SyncSource, e: unknown): AdloopError {
  const title = TITLE[source];
  if (!(e instanceof ApiError)) return new AdloopError('Internal', `${title} could not be checked: ${(e as Error).message}`);
  const details = { source, kind: e.kind, ...(e.code !== undefined ? { serviceCode: e.code } : {}), ...(e.status !== undefined ? { status: e.status } : {}) };
  if (e.kind === 'reconnect-needed' || e.kind === 'forbidden') {
    const why = e.kind === 'forbidden' ? 'accepted the token but refused to say whose it is (a missing scope?)' : 'refused the token';
    return new AdloopError('TokenRefused', `${title} ${why}; nothing was stored. ${e.message}`, { details });
  }
  const why =
    e.kind === 'transient'
      ? e.status === undefined
        ? 'could not be reached'
        : 'is having trouble'
      : e.kind === 'rate-limited'
        ? 'is rate-limiting this app'
        : e.kind === 'malformed-reply'
          ? 'answered in an unexpected shape'
          : 'did not accept the request';
  return new AdloopError('ServiceUnavailable', `${title} ${why}, so the token could not be checked and nothing was stored. Try again later. (${e.message})`, { details });
}

/** Stores the label on the connection's row; the token is the SecretStore's. */
export async function saveIdentity(db: Pick<Database, 'query'>, source: SyncSource, v: Verified): Promise<void> {
  await db.query(
    `insert into sync_state (source, account_id, connected_as, connected_at, identity) values ($1, $2, $3, now(), $4::jsonb)
     on conflict (source, account_id) do update set connected_as = $3, connected_at = now(), identity = $4::jsonb`,
    [source, CONNECTION, v.connectedAs, JSON.stringify(v.identity)],
  );
}

export async function forgetIdentity(db: Pick<Database, 'query'>, source: SyncSource): Promise<void> {
  await db.query('update sync_state set connected_as = null, connected_at = null, identity = null where source = $1 and account_id = $2', [source, CONNECTION]);
}
