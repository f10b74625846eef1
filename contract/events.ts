// Events the engine pushes to every connected client (IPC, WebSocket, CLI progress bars).
import { z } from 'zod';

export const eventSchemas = {
  progress: z.object({
    jobId: z.string(),
    kind: z.string(), // 'demo.generate', 'sync', 'scan', 'learning' …
    step: z.string(),
    done: z.number(),
    total: z.number(),
    percent: z.number().min(0).max(100),
    message: z.string().optional(),
  }),
  'workspace.changed': z.object({ reason: z.string() }),
  // Sent by the desktop shell (not the engine) to its window: auto-update progress for the UI.
  'update.status': z.object({
    phase: z.enum(['idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error']),
    version: z.string().optional(),
    percent: z.number().min(0).max(100).optional(),
    error: z.object({ message: z.string(), offline: z.boolean() }).optional(),
  }),
  /** A fatigue scan found ads newly flagged (the desktop shell turns this into a notification). */
  'fatigue.findings': z.object({
    scanId: z.number().int(),
    newFindings: z.number().int(),
    byStatus: z.object({ FATIGUING: z.number().int(), SATURATED: z.number().int(), AUDIENCE_EXHAUSTED: z.number().int() }),
    proposed: z.number().int(),
  }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.infer<(typeof eventSchemas)[E]>;
export interface EngineEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}
export const eventNames = Object.keys(eventSchemas) as EventName[];
