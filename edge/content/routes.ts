import { Hono, type Context } from 'hono';
import type { AppEnv } from '../deps.ts';
import { requireKey } from '../http/auth/index.ts';
import { apiError, invalidRequest, notFound } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { sanitizeHtml, VariantTooLargeError } from './sanitize/index.ts';
import { contentRuleCreateSchema, contentRuleUpdateSchema, SLOT_NAME, type ContentRuleInput } from './schema.ts';
import { deleteContentRule, findContentRule, listContentRules, saveContentRule, segmentExists, type ContentRuleValues, type StoredContentRule } from './store.ts';

function ruleView(rule: StoredContentRule) {
  const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: rule.id,
    slot: rule.slot,
    segmentKey: rule.segmentKey,
    name: rule.name,
    html: rule.html,
    priority: rule.priority,
    enabled: rule.enabled,
    startsAt: iso(rule.startsAt),
    endsAt: iso(rule.endsAt),
    createdAt: iso(rule.createdAt),
    updatedAt: iso(rule.updatedAt),
  };
}

function sanitised(html: string) {
  try {
    return sanitizeHtml(html);
  } catch (error) {
    if (error instanceof VariantTooLargeError) throw invalidRequest(error.message, 'html');
    throw error;
  }
}

const epochOf = (text: string | null | undefined) => (text ? Date.parse(text) : null);

export const contentRuleRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const slot = context.req.query('slot');
    if (slot !== undefined && !SLOT_NAME.test(slot)) throw invalidRequest(`slot ${JSON.stringify(slot)} is not a slot name`, 'slot');
    const rules = await listContentRules(context.var.db, context.var.auth.workspace.id, slot);
    return context.json({ contentRules: rules.map(ruleView) });
  })
  .get('/:id', async (context) => {
    const rule = await findContentRule(context.var.db, context.var.auth.workspace.id, context.req.param('id'));
    if (!rule) throw notFound(`Content rule ${context.req.param('id')}`);
    return context.json(ruleView(rule));
  })
  .post('/', async (context) => {
    const input: ContentRuleInput = parseOrThrow(contentRuleCreateSchema, await readJson(context));
    return save(context, null, input);
  })
  .patch('/:id', async (context) => {
    const changes = parseOrThrow(contentRuleUpdateSchema, await readJson(context));
    const existing = await findContentRule(context.var.db, context.var.auth.workspace.id, context.req.param('id'));
    if (!existing) throw notFound(`Content rule ${context.req.param('id')}`);
    const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());
    const merged: ContentRuleInput = {
      slot: changes.slot ?? existing.slot,
      segmentKey: changes.segmentKey ?? existing.segmentKey,
      name: changes.name ?? existing.name,
      html: changes.html ?? existing.html,
      priority: changes.priority ?? existing.priority,
      enabled: changes.enabled ?? existing.enabled,
      startsAt: changes.startsAt !== undefined ? changes.startsAt : iso(existing.startsAt),
      endsAt: changes.endsAt !== undefined ? changes.endsAt : iso(existing.endsAt),
    };
    if (merged.startsAt && merged.endsAt && Date.parse(merged.startsAt) >= Date.parse(merged.endsAt)) throw invalidRequest('endsAt must be after startsAt', 'endsAt');
    return save(context, existing.id, merged);
  })
  .delete('/:id', async (context) => {
    const deleted = await deleteContentRule(context.var.db, context.var.auth.workspace.id, context.req.param('id'));
    if (!deleted) throw notFound(`Content rule ${context.req.param('id')}`);
    return context.body(null, 204);
  });

async function save(context: Context<AppEnv>, id: string | null, input: ContentRuleInput) {
  const { workspace } = context.var.auth;
  const db = context.var.db;
  if (!(await segmentExists(db, workspace.id, input.segmentKey))) {
    throw apiError(400, 'invalid_request', `segmentKey ${JSON.stringify(input.segmentKey)} is not a segment of this workspace`, { field: 'segmentKey' });
  }
  const { html, removed } = sanitised(input.html);
  const values: ContentRuleValues = {
    slot: input.slot,
    segmentKey: input.segmentKey,
    name: input.name ?? '',
    html,
    priority: input.priority ?? 0,
    enabled: input.enabled ?? true,
    startsAt: epochOf(input.startsAt),
    endsAt: epochOf(input.endsAt),
  };
  const rule = await saveContentRule(db, workspace.id, id, values, context.var.now);
  return context.json({ ...ruleView(rule), sanitized: { changed: removed.length > 0, removed } }, id === null ? 201 : 200);
}
