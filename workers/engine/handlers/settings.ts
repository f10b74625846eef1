import { settingsSchema, type Settings } from '../../../contract';
import type { Database } from '../db';

const KNOWN = new Set(Object.keys(settingsSchema.shape));

export async function readSettings(db: Database): Promise<Settings> {
  const res = await db.query<{ key: string; value: unknown }>('select key, value from settings');
  const stored: Record<string, unknown> = {};
  // Keys written by an older or newer version are ignored rather than failing every read.
  for (const row of res.rows) if (KNOWN.has(row.key)) stored[row.key] = row.value;
  const parsed = settingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/** The patch was validated by the contract; it is written whole or not at all. */
export async function updateSettings(db: Database, patch: Partial<Settings>): Promise<Settings> {
  await db.transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx.query(
        `insert into settings (key, value, updated_at) values ($1, $2::jsonb, now())
         on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    }
  });
  return readSettings(db);
}
