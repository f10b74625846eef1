// Handlers of the connections area: encrypted credentials in, "connected as …" out. The engine
// never sees a plaintext token from the desktop shell — it stores what safeStorage produced.
import { connectionProviders, type connectionsMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';

interface SecretRow {
  name: string;
  label: string | null;
  updated_at: Date;
}

export function connectionsArea(deps: AreaDeps): AreaHandlers<typeof connectionsMethods> {
  const { db } = deps;
  return {
    'secrets.putCiphertext': async (input) => {
      const res = await db.query<{ updated_at: Date }>(
        `insert into secret_ciphertexts (name, ciphertext, backend, label) values ($1, $2, $3, $4)
         on conflict (name) do update
           set ciphertext = excluded.ciphertext, backend = excluded.backend, label = excluded.label, updated_at = now()
         returning updated_at`,
        [input.name, input.ciphertext, input.backend, input.label ?? null],
      );
      // Logged by name only: the ciphertext is useless without the keychain but stays out anyway.
      deps.log.info('credential stored', { name: input.name, backend: input.backend });
      return deps.changed('connections', { name: input.name, updatedAt: res.rows[0]!.updated_at.toISOString() });
    },
    'secrets.getCiphertext': async (input) => {
      const res = await db.query<{ ciphertext: string; backend: string }>('select ciphertext, backend from secret_ciphertexts where name = $1', [input.name]);
      return res.rows[0] ?? null;
    },
    'secrets.delete': async (input) => {
      const res = await db.query('delete from secret_ciphertexts where name = $1', [input.name]);
      const deleted = (res.affectedRows ?? 0) > 0;
      if (deleted) deps.log.info('credential removed', { name: input.name });
      return deps.changed('connections', { deleted });
    },
    'connections.status': async () => {
      // A provider counts as connected when its token is stored ("meta.token", "hubspot.token").
      // Who it belongs to is what sync.connect learned from the service (sync_state, migration
      // 0018); a label the shell stored with the ciphertext wins.
      const res = await db.query<SecretRow>(
        `select s.name, coalesce(s.label, c.connected_as) as label, s.updated_at
           from secret_ciphertexts s left join sync_state c on s.name = c.source || '.token' and c.account_id = '*'
          where s.name like '%.token'`,
      );
      return connectionProviders.map((provider) => {
        const row = res.rows.find((r) => r.name === `${provider}.token`);
        return { provider, connected: !!row, connectedAs: row?.label ?? null, since: row ? row.updated_at.toISOString() : null };
      });
    },
  };
}
