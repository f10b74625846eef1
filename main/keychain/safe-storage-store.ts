// The desktop SecretStore: Electron's safeStorage encrypts with the OS keychain (macOS Keychain,
// Windows DPAPI, libsecret/kwallet on Linux), the engine stores the ciphertext. Plaintext exists
// only in the main process, briefly.
import { AdloopError } from '../../contract';
import type { EngineFacade } from '../engine-facade';

/**
 * The store's interface as the sync area uses it (sync/secrets.ts defines the same shape for the
 * headless keyring backend; keep the two in step when that branch lands).
 */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string, opts?: { label?: string }): Promise<void>;
  delete(name: string): Promise<boolean>;
}

/** The part of Electron's safeStorage used here (a fake cipher in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  /** Linux only: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'. */
  getSelectedStorageBackend?(): string;
}

export const BASIC_TEXT_REASON =
  'No system keyring (GNOME Keyring or KWallet) is available, so Electron would protect your Meta and HubSpot tokens ' +
  'with a fixed, publicly known key ("basic_text"): anyone who can read your Adloop folder could use them. ' +
  'Install and unlock a keyring, or accept this risk explicitly in Settings.';

export interface KeychainCheck {
  ok: boolean;
  backend: string;
  /** Why credentials cannot be stored safely, for the UI. */
  reason?: string;
  /** Linux basic_text: usable only if the user accepts. */
  needsConsent?: boolean;
}

export function checkKeychain(safe: SafeStorageLike, platform: NodeJS.Platform, acceptPlainText: boolean): KeychainCheck {
  if (!safe.isEncryptionAvailable()) {
    return { ok: false, backend: 'none', reason: 'The system keychain is not available, so Adloop cannot store credentials safely.' };
  }
  if (platform !== 'linux') return { ok: true, backend: `safeStorage:${platform}` };
  const linux = safe.getSelectedStorageBackend?.() ?? 'unknown';
  if (linux === 'basic_text' || linux === 'unknown') {
    if (!acceptPlainText) return { ok: false, backend: `safeStorage:${linux}`, reason: BASIC_TEXT_REASON, needsConsent: true };
  }
  return { ok: true, backend: `safeStorage:${linux}` };
}

export function createSafeStorageSecretStore(opts: {
  safeStorage: SafeStorageLike;
  engine: EngineFacade;
  platform: NodeJS.Platform;
  /** Read on every write, so accepting in Settings takes effect without a restart. */
  acceptPlainText: () => boolean;
}): SecretStore {
  const usable = () => {
    const check = checkKeychain(opts.safeStorage, opts.platform, opts.acceptPlainText());
    if (!check.ok) throw new AdloopError('KeychainUnavailable', check.reason!, { details: { backend: check.backend, needsConsent: !!check.needsConsent } });
    return check.backend;
  };
  return {
    async set(name, value, o) {
      const backend = usable();
      const ciphertext = opts.safeStorage.encryptString(value).toString('base64');
      await opts.engine.call('secrets.putCiphertext', { name, ciphertext, backend, ...(o?.label ? { label: o.label } : {}) });
    },
    async get(name) {
      const stored = await opts.engine.call('secrets.getCiphertext', { name });
      if (!stored) return null;
      usable();
      try {
        return opts.safeStorage.decryptString(Buffer.from(stored.ciphertext, 'base64'));
      } catch {
        // Another user account, another machine, or a reset keyring: the only fix is to reconnect.
        throw new AdloopError('KeychainUnavailable', `The stored credential "${name}" cannot be decrypted with this computer's keychain; reconnect the account.`, {
          details: { name, storedWith: stored.backend },
        });
      }
    },
    async delete(name) {
      return (await opts.engine.call('secrets.delete', { name })).deleted;
    },
  };
}
