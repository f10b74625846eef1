// Methods the desktop shell answers itself: they travel the same contract channel as every other
// method, but the Electron IPC router hands them to a shell handler instead of the engine. The
// engine still has an answer for hosts without a shell (`adloop serve`, the CLI): it cannot
// restart the process that runs it, so it says how the person does it.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

/** What a host without a shell says (and the browser view shows) instead of restarting. */
export const RESTART_BY_HAND =
  'This Adloop runs outside the desktop app and cannot restart itself: stop `adloop serve` (Ctrl+C) and start it again. A staged restore is applied when the engine opens.';

export const shellMethods = {
  'app.restart': defineMethod({
    summary:
      'Restart the app (a staged backup restore is applied when the engine next opens). The desktop app relaunches after its clean shutdown; other hosts answer restarting: false and say how to restart them.',
    mutates: false,
    input: empty,
    output: z.object({ restarting: z.boolean(), message: z.string() }).strict(),
  }),
} as const;

/** Answered by the Electron main process when it runs the engine (main/ipc-router.ts). */
export const shellHandledMethods = ['app.restart'] as const;
export type ShellHandledMethod = (typeof shellHandledMethods)[number];
