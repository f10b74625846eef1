import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

export const engineMethods = {
  'engine.info': defineMethod({
    summary: 'What engine is running, on which data folder, at which schema version.',
    mutates: false,
    input: empty,
    output: z.object({
      version: z.string(),
      pid: z.number().int(),
      dataDir: z.string(),
      startedAt: z.string(),
      openMs: z.number(),
      migrations: z.array(z.object({ id: z.string(), appliedAt: z.string() })),
    }),
  }),
};
