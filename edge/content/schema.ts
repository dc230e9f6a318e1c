import * as z from 'zod/mini';

export const SLOT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const isoInstant = z.string().check(z.refine((text) => !Number.isNaN(Date.parse(text)) && /^\d{4}-\d{2}-\d{2}T/.test(text), 'must be an ISO date-time such as 2026-12-01T00:00:00Z'));

const contentRuleFields = {
  slot: z.string().check(z.regex(SLOT_NAME, 'must be letters, digits, _ or - (max 40), like "hero"')),
  segmentKey: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.optional(z.string().check(z.trim(), z.maxLength(120))),
  html: z.string().check(z.maxLength(100_000)),
  priority: z.optional(z.int().check(z.gte(-1000), z.lte(1000))),
  enabled: z.optional(z.boolean()),
  startsAt: z.optional(z.nullable(isoInstant)),
  endsAt: z.optional(z.nullable(isoInstant)),
};

function scheduleIsOrdered<Rule extends { startsAt?: string | null | undefined; endsAt?: string | null | undefined }>() {
  return z.refine<Rule>((rule) => !rule.startsAt || !rule.endsAt || Date.parse(rule.startsAt) < Date.parse(rule.endsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
}

export const contentRuleCreateSchema = z.strictObject(contentRuleFields).check(scheduleIsOrdered());
export const contentRuleUpdateSchema = z.strictObject({
  slot: z.optional(contentRuleFields.slot),
  segmentKey: z.optional(contentRuleFields.segmentKey),
  name: contentRuleFields.name,
  html: z.optional(contentRuleFields.html),
  priority: contentRuleFields.priority,
  enabled: contentRuleFields.enabled,
  startsAt: contentRuleFields.startsAt,
  endsAt: contentRuleFields.endsAt,
}).check(scheduleIsOrdered());

export type ContentRuleInput = z.infer<typeof contentRuleCreateSchema>;
export type ContentRuleUpdate = z.infer<typeof contentRuleUpdateSchema>;
