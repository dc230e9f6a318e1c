import * as z from 'zod/mini';
import { SEGMENT_KEY } from '../segments/schema.ts';

const webhookUrl = z.string().check(
  z.maxLength(2000),
  z.refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL such as https://hooks.example.com/rfm'),
);
const template = z.nullable(z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]));

export const triggerCreateSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.maxLength(120))),
  segmentKey: z.string().check(z.regex(SEGMENT_KEY, 'must be a segment key')),
  on: z.enum(['enter', 'leave']),
  url: webhookUrl,
  template: z.optional(template),
  enabled: z.optional(z.boolean()),
});

export const triggerUpdateSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.maxLength(120))),
  on: z.optional(z.enum(['enter', 'leave'])),
  url: z.optional(webhookUrl),
  template: z.optional(template),
  enabled: z.optional(z.boolean()),
});

export const bulkSendSchema = z.strictObject({
  triggerId: z.string().check(z.minLength(1)),
  pageSize: z.optional(z.int().check(z.gte(1), z.lte(1000))),
});
