// Engine methods of the connections area: where the keychain-encrypted credentials live, and what
// the interface may know about them ("connected as …", never the token).
import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

export const connectionProviders = ['meta', 'hubspot'] as const;
export type ConnectionProvider = (typeof connectionProviders)[number];

/** A secret's name: `<provider>.<what>` for provider credentials ("meta.token", "hubspot.token"). */
export const secretName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}(\.[a-z0-9_-]{1,31}){0,3}$/, 'expected a name such as "meta.token" (lower case, dots between parts)');

/** Which OS store produced the ciphertext (Electron safeStorage's backend, or "keyring" for the CLI). */
export const secretBackend = z.string().regex(/^[A-Za-z0-9_:.-]{1,40}$/, 'expected a backend id such as "safeStorage:keychain"');

const ciphertext = z
  .string()
  .min(1, 'must not be empty')
  .max(64 * 1024, 'at most 64 KiB')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64');

export const connectionStatusSchema = z
  .object({
    provider: z.enum(connectionProviders),
    connected: z.boolean(),
    /** What the provider said the token belongs to ("Acme Ads (act_123)", "ops@acme.com"). */
    connectedAs: z.string().nullable(),
    since: z.string().nullable(),
  })
  .strict();

export const connectionsMethods = {
  'secrets.putCiphertext': defineMethod({
    summary: 'Store an already encrypted credential (the shell encrypts with the OS keychain). Replaces one of the same name.',
    mutates: true,
    input: z
      .object({
        name: secretName,
        ciphertext,
        backend: secretBackend,
        /** Shown as "connected as …"; a label, never a secret. */
        label: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: z.object({ name: z.string(), updatedAt: z.string() }).strict(),
  }),
  'secrets.getCiphertext': defineMethod({
    summary: 'The stored ciphertext of a credential, or null. Only the shell calls this; IPC does not expose it.',
    mutates: false,
    input: z.object({ name: secretName }).strict(),
    output: z.object({ ciphertext: z.string(), backend: z.string() }).strict().nullable(),
  }),
  'secrets.delete': defineMethod({
    summary: 'Forget a credential (disconnect).',
    mutates: true,
    input: z.object({ name: secretName }).strict(),
    output: z.object({ deleted: z.boolean() }).strict(),
  }),
  'connections.status': defineMethod({
    summary: 'Which providers are connected and as whom. Never includes a token or its ciphertext.',
    mutates: false,
    input: empty,
    output: z.array(connectionStatusSchema),
  }),
} as const;

/**
 * Methods only the main process may call: the IPC router registers no handler for them and the
 * preload bridge refuses them, so the renderer cannot even read ciphertext.
 */
export const shellOnlyMethods = ['secrets.putCiphertext', 'secrets.getCiphertext', 'secrets.delete'] as const;
