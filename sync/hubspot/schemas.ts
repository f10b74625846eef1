// The shapes of HubSpot CRM replies the client reads. Property values are strings (or null).
import { z } from 'zod';

const props = z.record(z.string(), z.string().nullable());
export const objectSchema = z.object({ id: z.string(), properties: props, createdAt: z.string().optional(), updatedAt: z.string().optional(), archived: z.boolean().optional() });

export const pipelinesSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number(),
      archived: z.boolean().optional(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          displayOrder: z.number(),
          archived: z.boolean().optional(),
          metadata: z.object({ probability: z.string().regex(/^\d+(\.\d+)?$/).optional(), isClosed: z.enum(['true', 'false']).optional() }).loose(),
        }),
      ),
    }),
  ),
});

export const searchSchema = z.object({
  total: z.number().optional(),
  results: z.array(objectSchema),
  paging: z.object({ next: z.object({ after: z.string() }) }).optional(),
});

export const associationsSchema = z.object({
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })) })),
});

export const batchReadSchema = z.object({ results: z.array(objectSchema) });

/** GET /account-info/{version}/details: the portal (HubSpot account) a token belongs to. */
export const accountDetailsSchema = z.object({
  portalId: z.number().int().positive(),
  accountType: z.string(),
  timeZone: z.string(),
  companyCurrency: z.string(),
  uiDomain: z.string(),
  additionalCurrencies: z.array(z.string()).optional(),
  dataHostingLocation: z.string().optional(),
  utcOffset: z.string().optional(),
  utcOffsetMilliseconds: z.number().optional(),
});
