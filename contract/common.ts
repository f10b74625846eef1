// Building blocks shared by the method schemas.
import { z } from 'zod';

/** A calendar day as Meta and HubSpot report it, in the account's time zone: "2026-11-25". */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD');

/** Platform ids are strings: Meta's exceed JavaScript's safe integers. */
export const entityId = z.string().min(1, 'must not be empty').max(64, 'at most 64 characters');

/** Money in integer minor units of the account currency (cents; whole units for JPY etc.). */
export const minorUnits = z.number().int('money is an integer number of minor units').nonnegative();

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD');

export const empty = z.object({}).strict();
