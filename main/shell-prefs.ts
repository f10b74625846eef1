// Preferences only the shell uses, kept in a small JSON file in the app's userData folder (not in
// the engine's settings): the shell needs some of them before the engine is open, and they belong
// to this machine's install rather than to the workspace.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const shellPrefsSchema = z
  .object({
    startAtLogin: z.boolean().default(false),
    closeToTray: z.boolean().default(true),
    updateChannel: z.enum(['stable', 'beta']).default('stable'),
    /** Linux without a keyring: the user accepted that tokens are only obfuscated (see keychain). */
    acceptPlainTextSecrets: z.boolean().default(false),
    /** Pause automation (tray menu): scheduled scans and auto-approval wait. */
    automationPaused: z.boolean().default(false),
    /** The user answered the first-run crash report question (the answer is the crashReports setting). */
    crashReportsAsked: z.boolean().default(false),
  })
  .strict();
export type ShellPrefs = z.infer<typeof shellPrefsSchema>;

export const defaultShellPrefs = (): ShellPrefs => shellPrefsSchema.parse({});

export function shellPrefsFile(userData: string): string {
  return path.join(userData, 'shell-prefs.json');
}

/** Missing, unreadable or invalid files give the defaults: a bad file must not stop the app starting. */
export function readShellPrefs(file: string): { prefs: ShellPrefs; problem?: string } {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return { prefs: defaultShellPrefs() };
  }
  try {
    const parsed = shellPrefsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { prefs: parsed.data };
    return { prefs: defaultShellPrefs(), problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  } catch (e) {
    return { prefs: defaultShellPrefs(), problem: (e as Error).message };
  }
}

/** Validates the whole result first; writes atomically (temp file + rename). */
export function updateShellPrefs(file: string, patch: Partial<ShellPrefs>): ShellPrefs {
  const next = shellPrefsSchema.parse({ ...readShellPrefs(file).prefs, ...patch });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return next;
}
