-- Credentials encrypted by the OS keychain (Electron safeStorage in the desktop app). The engine
-- stores only ciphertext: without the user's keychain it cannot be read, and it never leaves
-- the main process (the IPC router does not expose the secrets.* methods).
create table secret_ciphertexts (
  name        text primary key check (name ~ '^[a-z][a-z0-9_-]{0,31}(\.[a-z0-9_-]{1,31}){0,3}$'),
  ciphertext  text not null check (length(ciphertext) > 0),
  backend     text not null,
  -- "connected as …": what the provider said the credential belongs to. Never a secret.
  label       text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
