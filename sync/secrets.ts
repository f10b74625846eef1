// Where API tokens live: never the database, logs or renderer. The engine asks a SecretStore by
// account key ("meta:default", "hubspot:default"). Backends: memory (tests, and
// ADLOOP_SECRET_STORE=memory), and the OS keychain through @napi-rs/keyring (the Secret Service
// on Linux, Keychain on macOS, Credential Manager on Windows) for the engine and the CLI. The
// Electron shell may supply its own backend behind the same interface.
export interface SecretStore {
  readonly kind: string;
  get(accountKey: string): Promise<string | null>;
  set(accountKey: string, secret: string): Promise<void>;
  /** True when something was removed. */
  delete(accountKey: string): Promise<boolean>;
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key) ?? null;
  }
  async set(key: string, secret: string) {
    this.map.set(key, secret);
  }
  async delete(key: string) {
    return this.map.delete(key);
  }
}

type EntryCtor = new (service: string, account: string) => { getPassword(): string | null; setPassword(p: string): void; deletePassword(): boolean };

/** The OS keychain. The native module loads on first use, so a machine without it fails there, clearly. */
export class KeyringSecretStore implements SecretStore {
  readonly kind = 'keyring';
  private entry: EntryCtor | null = null;
  constructor(private readonly service = 'adloop') {}

  private async open(key: string) {
    if (!this.entry) this.entry = (await import('@napi-rs/keyring')).Entry as unknown as EntryCtor;
    return new this.entry(this.service, key);
  }
  async get(key: string) {
    const e = await this.open(key);
    try {
      return e.getPassword() ?? null;
    } catch (err) {
      if (/no matching entry|not found|NoEntry/i.test(String((err as Error).message))) return null;
      throw err;
    }
  }
  async set(key: string, secret: string) {
    (await this.open(key)).setPassword(secret);
  }
  async delete(key: string) {
    const e = await this.open(key);
    try {
      return e.deletePassword();
    } catch (err) {
      if (/no matching entry|not found|NoEntry/i.test(String((err as Error).message))) return false;
      throw err;
    }
  }
}

let processMemoryStore: MemorySecretStore | null = null;

/** The store a headless engine uses: the OS keychain unless ADLOOP_SECRET_STORE=memory. */
export function defaultSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  if (env.ADLOOP_SECRET_STORE === 'memory') return (processMemoryStore ??= new MemorySecretStore());
  return new KeyringSecretStore(env.ADLOOP_KEYRING_SERVICE ?? 'adloop');
}
