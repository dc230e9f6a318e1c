import * as z from 'zod/mini';
import { SLOT_NAME } from '../content/schema.ts';

export const visitorId = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, _ or -'));

export const EVENT_TYPES = ['page_view', 'product_view', 'add_to_cart', 'custom'] as const;
export const MAX_EVENTS_PER_COLLECT = 100;

const props = z
  .record(z.string().check(z.maxLength(64)), z.union([z.string().check(z.maxLength(500)), z.number(), z.boolean(), z.null()]))
  .check(z.refine((record) => Object.keys(record).length <= 30, 'at most 30 properties'));

export const collectSchema = z.object({
  visitorId,
  events: z
    .array(
      z.object({
        // The four standard types, or a shop's own event name (a custom event).
        type: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/, `must be ${EVENT_TYPES.join(', ')} or your own name in lower_snake_case`)),
        at: z.optional(z.string().check(z.refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO date-time'))),
        props: z.optional(props),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_EVENTS_PER_COLLECT)),
});

export const identifySchema = z.object({
  visitorId,
  customerId: z.string().check(z.minLength(1), z.maxLength(200)),
  signature: z.string().check(z.minLength(1, 'is required: hex HMAC-SHA256 of customerId with the identity secret'), z.maxLength(200)),
});

export const decideSchema = z.object({
  visitorId,
  slots: z.optional(z.array(z.string().check(z.regex(SLOT_NAME, 'must be a slot name such as "hero"'))).check(z.maxLength(50))),
  context: z.optional(
    z.object({
      url: z.optional(z.string().check(z.maxLength(2000))),
      referrer: z.optional(z.string().check(z.maxLength(2000))),
      title: z.optional(z.string().check(z.maxLength(500))),
    }),
  ),
});

export type DecideRequest = z.infer<typeof decideSchema>;
