// Building blocks shared by the method schemas.
import { z } from 'zod';

/** A calendar day as Meta and HubSpot report it, in the account's time zone: "2026-11-25". */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a day as YYYY-MM-DD', abort: true })
  // The shape alone lets "2026-02-31" through: Postgres then fails with an Internal error and
  // JavaScript's Date silently rolls it into March. Only a real calendar day is a day.
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'no such calendar day');

/** Platform ids are strings: Meta's exceed JavaScript's safe integers. */
export const entityId = z.string().min(1, 'must not be empty').max(64, 'at most 64 characters');

/** Money in integer minor units of the account currency (cents; whole units for JPY etc.). */
export const minorUnits = z.number().int('money is an integer number of minor units').nonnegative();

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD');

export const empty = z.object({}).strict();
