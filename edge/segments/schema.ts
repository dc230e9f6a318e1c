import * as z from 'zod/mini';

export const SEGMENT_KEY = /^[a-z][a-z0-9_]{0,63}$/;
const segmentKey = z.string().check(z.regex(SEGMENT_KEY, 'must be a lower-case key such as "vip_customers" (letters, digits, _; max 64)'));

const fields = {
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  direction: z.enum(['inbound', 'outbound']),
  rule: z.unknown(),
  priority: z.int().check(z.gte(-1000), z.lte(1000)),
  exclusions: z.array(segmentKey).check(z.maxLength(20)),
  lifecycleGroup: z.nullable(segmentKey),
  enabled: z.boolean(),
};

export const segmentCreateSchema = z.strictObject({
  key: segmentKey,
  name: fields.name,
  direction: z.optional(fields.direction),
  rule: fields.rule,
  priority: z.optional(fields.priority),
  exclusions: z.optional(fields.exclusions),
  lifecycleGroup: z.optional(fields.lifecycleGroup),
  enabled: z.optional(fields.enabled),
});

export const segmentUpdateSchema = z.strictObject({
  name: z.optional(fields.name),
  direction: z.optional(fields.direction),
  rule: z.optional(fields.rule),
  priority: z.optional(fields.priority),
  exclusions: z.optional(fields.exclusions),
  lifecycleGroup: z.optional(fields.lifecycleGroup),
  enabled: z.optional(fields.enabled),
});

export const segmentPreviewSchema = z.strictObject({
  key: z.optional(segmentKey),
  direction: z.optional(fields.direction),
  rule: fields.rule,
  priority: z.optional(fields.priority),
  exclusions: z.optional(fields.exclusions),
  lifecycleGroup: z.optional(fields.lifecycleGroup),
  sampleSize: z.optional(z.int().check(z.gte(0), z.lte(100))),
});

export type SegmentCreate = z.infer<typeof segmentCreateSchema>;
