import * as z from 'zod/mini';

const attributeValue = z.union([z.string().check(z.maxLength(2000)), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number()])).check(z.maxLength(200))]);

export const contactUpsertSchema = z.object({
  email: z.optional(z.nullable(z.email())),
  attributes: z.optional(
    z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'attribute names are letters, digits and _ (max 64)')), attributeValue),
  ),
});

export const asOfQuerySchema = z.object({
  asOf: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date such as 2024-05-01'))),
});
