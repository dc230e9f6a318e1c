import * as z from 'zod/mini';

const isoDateTime = z.string().check(
  z.refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'must be an ISO 8601 date-time with a zone, e.g. 2024-05-01T12:30:00Z',
  }),
);
const decimalAmount = z.union([z.number(), z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number such as 19.99'))]);
const identifier = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const purchaseItemSchema = z.object({
  sku: identifier,
  name: z.optional(z.string().check(z.maxLength(500))),
  quantity: z.number().check(z.positive()),
  price: decimalAmount,
  category: z.optional(z.string().check(z.maxLength(200))),
});

export const purchaseSchema = z.object({
  orderId: identifier,
  customerId: identifier,
  email: z.optional(z.email()),
  amount: decimalAmount,
  currency: z.string().check(z.regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code')),
  /** the same purchase's amount in the workspace currency, required when `currency` differs from it */
  amountInWorkspaceCurrency: z.optional(decimalAmount),
  purchasedAt: isoDateTime,
  items: z.optional(z.array(purchaseItemSchema).check(z.maxLength(1000))),
});

export const MAX_BATCH = 1000;

export const purchaseBatchSchema = z.object({
  purchases: z.array(z.unknown()).check(z.minLength(1, 'must hold at least one purchase'), z.maxLength(MAX_BATCH, `must hold at most ${MAX_BATCH} purchases`)),
});

export const purchaseStatusSchema = z.object({
  status: z.enum(['refunded', 'cancelled', 'completed']),
});

export const ingestResultSchema = z.object({ accepted: z.number(), duplicates: z.number() });

export type PurchaseInput = z.infer<typeof purchaseSchema>;
