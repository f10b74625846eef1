// A reversible stand-in for Electron's safeStorage cipher ("v10" + bytes XOR a key, reversed) that
// counts its calls and whose Linux backend can be switched (e.g. to basic_text) during a test.
import type { SafeStorageLike } from '../../main/keychain/safe-storage-store';

export function countingSafeStorage(opts: { backend?: string; key?: number } = {}): SafeStorageLike & { backend: string; encrypts: number; decrypts: number } {
  const key = opts.key ?? 0x5a;
  const fake = {
    backend: opts.backend ?? 'gnome_libsecret',
    encrypts: 0,
    decrypts: 0,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: (plain: string) => {
      fake.encrypts++;
      return Buffer.concat([Buffer.from('v10'), Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key)).reverse()]);
    },
    decryptString: (cipher: Buffer) => {
      fake.decrypts++;
      if (cipher.subarray(0, 3).toString() !== 'v10') throw new Error('bad header');
      return Buffer.from(Buffer.from(cipher.subarray(3)).reverse().map((b) => b ^ key)).toString('utf8');
    },
  };
  return fake;
}
