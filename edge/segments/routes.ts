import { Hono, type Context } from 'hono';
import type { SqlDriver } from '../../db/driver.ts';
import type { AppEnv } from '../deps.ts';
import { evaluateSegments, findDependencyCycle, ruleDependencies, validateRule, type Rule, type SegmentDefinition } from '../engine/rules/index.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { requireKey } from '../http/auth/index.ts';
import { apiError, invalidRequest, notFound } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { randomToken } from '../workspaces/keys.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import { findSegment, listSegments, materialisedSegmentKeys, type StoredSegment } from './definitions.ts';
import { segmentExportRoutes } from './exports.ts';
import { loadContactFacts, refreshAllMemberships, REFRESH_CHUNK } from './membership.ts';
import { segmentCreateSchema, segmentPreviewSchema, segmentUpdateSchema } from './schema.ts';

function segmentView(segment: StoredSegment, memberCount?: number) {
  return {
    key: segment.key,
    name: segment.name,
    kind: segment.kind,
    direction: segment.direction,
    rule: segment.rule,
    priority: segment.priority,
    exclusions: segment.exclusions,
    lifecycleGroup: segment.lifecycleGroup,
    enabled: segment.enabled,
    version: segment.version,
    ...(memberCount === undefined ? {} : { memberCount }),
    createdAt: new Date(segment.createdAt).toISOString(),
    updatedAt: new Date(segment.updatedAt).toISOString(),
  };
}

async function memberCounts(driver: SqlDriver, workspaceId: string): Promise<Map<string, number>> {
  const { rows } = await driver.execute({ sql: 'SELECT segment_key, count(*) AS n FROM segment_memberships WHERE workspace_id = ? GROUP BY segment_key', args: [workspaceId] });
  return new Map(rows.map((row) => [String(row.segment_key), Number(row.n)]));
}

/** Refuses a definition the engine cannot evaluate: a bad rule (each problem by path), unknown exclusions, a cycle. */
function checkDefinition(candidate: SegmentDefinition & { direction: 'inbound' | 'outbound'; exclusions: string[] }, others: StoredSegment[]) {
  const known = new Set(others.map((segment) => segment.key));
  const validation = validateRule(candidate.rule, { direction: candidate.direction, knownSegments: known });
  if (!validation.ok) {
    const problems = validation.problems.map((problem) => ({ field: `rule${problem.path === 'rule' ? '' : `.${problem.path}`}`, message: problem.message }));
    throw invalidRequest(`${problems[0]!.field}: ${problems[0]!.message}`, problems[0]!.field, problems);
  }
  for (const [index, excluded] of candidate.exclusions.entries()) {
    if (!known.has(excluded) || excluded === candidate.key) throw invalidRequest(`exclusions[${index}]: ${excluded} is not another segment of this workspace`, `exclusions[${index}]`);
  }
  const cycle = findDependencyCycle([...others.filter((segment) => segment.key !== candidate.key), candidate]);
  if (cycle) throw invalidRequest(`These segments would depend on each other in a circle: ${cycle.join(' → ')}`, 'rule');
}

async function afterChange(context: Context<AppEnv>, workspace: Workspace, keys: { initial?: string[] }) {
  await context.var.db.execute({ sql: 'UPDATE workspaces SET config_version = config_version + 1 WHERE id = ?', args: [workspace.id] });
  const materialised = await materialisedSegmentKeys(context.var.db, workspace.id);
  if (materialised.size === 0) return null;
  return refreshAllMemberships(context.var.db, workspace, context.var.now, 'rule_change', new Set(keys.initial ?? []));
}

export const segmentRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const { workspace } = context.var.auth;
    const [segments, counts] = await Promise.all([listSegments(context.var.db, workspace.id), memberCounts(context.var.db, workspace.id)]);
    const materialised = await materialisedSegmentKeys(context.var.db, workspace.id);
    return context.json({ segments: segments.map((segment) => segmentView(segment, materialised.has(segment.key) ? (counts.get(segment.key) ?? 0) : undefined)) });
  })
  .post('/preview', async (context) => {
    const input = parseOrThrow(segmentPreviewSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const others = (await listSegments(db, workspace.id)).filter((segment) => segment.enabled && segment.key !== input.key);
    const draft = {
      key: input.key ?? '__draft__',
      name: 'Draft',
      rule: input.rule as Rule,
      priority: input.priority ?? 0,
      direction: input.direction ?? 'inbound',
      exclusions: input.exclusions ?? [],
      lifecycleGroup: input.lifecycleGroup ?? null,
    };
    checkDefinition(draft, others);
    const definitions = [...others, draft];
    const today = localDayNumber(context.var.now, workspace.timeZone);
    const sampleSize = input.sampleSize ?? 10;
    const { rows } = await db.execute({ sql: 'SELECT min(id) AS low, max(id) AS high, count(*) AS n FROM contacts WHERE workspace_id = ?', args: [workspace.id] });
    let matching = 0;
    const sample: { customerId: string; email: string | null; why: unknown }[] = [];
    if (rows[0]?.low != null) {
      for (let from = Number(rows[0].low); from <= Number(rows[0].high); from += REFRESH_CHUNK) {
        for (const contact of await loadContactFacts(db, workspace, { idRange: [from, from + REFRESH_CHUNK - 1] }, today)) {
          const outcome = evaluateSegments(definitions, contact).find((candidate) => candidate.key === draft.key);
          if (!outcome?.member) continue;
          matching++;
          if (sample.length < sampleSize) sample.push({ customerId: contact.customerId, email: contact.email, why: outcome.why });
        }
      }
    }
    return context.json({ matching, contacts: Number(rows[0]?.n ?? 0), asOf: new Date(context.var.now).toISOString().slice(0, 10), sample });
  })
  .get('/:key', async (context) => {
    const { workspace } = context.var.auth;
    const segment = await findSegment(context.var.db, workspace.id, context.req.param('key'));
    if (!segment) throw notFound(`Segment ${context.req.param('key')}`);
    const materialised = await materialisedSegmentKeys(context.var.db, workspace.id);
    const counts = await memberCounts(context.var.db, workspace.id);
    return context.json(segmentView(segment, materialised.has(segment.key) ? (counts.get(segment.key) ?? 0) : undefined));
  })
  .get('/:key/transitions', async (context) => {
    const { workspace } = context.var.auth;
    const limit = Math.min(500, Math.max(1, Number(context.req.query('limit') ?? 100) || 100));
    const { rows } = await context.var.db.execute({
      sql: `SELECT t.id, c.customer_id, t.change, t.at, t.cause FROM segment_transitions t LEFT JOIN contacts c ON c.id = t.contact_id
            WHERE t.workspace_id = ? AND t.segment_key = ? ORDER BY t.id DESC LIMIT ?`,
      args: [workspace.id, context.req.param('key'), limit],
    });
    return context.json({
      transitions: rows.map((row) => ({ id: row.id, customerId: row.customer_id, change: row.change, at: new Date(Number(row.at)).toISOString(), cause: row.cause })),
    });
  })
  .post('/:key/refresh', async (context) => {
    const { workspace } = context.var.auth;
    const segment = await findSegment(context.var.db, workspace.id, context.req.param('key'));
    if (!segment) throw notFound(`Segment ${context.req.param('key')}`);
    const report = await refreshAllMemberships(context.var.db, workspace, context.var.now, 'schedule');
    return context.json(report);
  })
  .post('/', async (context) => {
    const input = parseOrThrow(segmentCreateSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const existing = await listSegments(db, workspace.id);
    if (existing.some((segment) => segment.key === input.key)) throw apiError(409, 'conflict', `A segment with key ${input.key} exists already`, { field: 'key' });
    const candidate = {
      key: input.key,
      name: input.name,
      rule: input.rule as Rule,
      priority: input.priority ?? 0,
      direction: input.direction ?? 'inbound',
      exclusions: input.exclusions ?? [],
      lifecycleGroup: input.lifecycleGroup ?? null,
    };
    checkDefinition(candidate, existing);
    await db.execute({
      sql: `INSERT INTO segments (id, workspace_id, key, name, kind, direction, rule, priority, exclusions, lifecycle_group, enabled)
            VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?, ?, ?)`,
      args: [
        `seg_${randomToken(9)}`,
        workspace.id,
        candidate.key,
        candidate.name,
        candidate.direction,
        JSON.stringify(candidate.rule),
        candidate.priority,
        JSON.stringify(candidate.exclusions),
        candidate.lifecycleGroup,
        input.enabled === false ? 0 : 1,
      ],
    });
    const refresh = await afterChange(context, workspace, { initial: [candidate.key] });
    const saved = (await findSegment(db, workspace.id, candidate.key))!;
    const count = refresh ? (await memberCounts(db, workspace.id)).get(saved.key) : undefined;
    return context.json(segmentView(saved, saved.direction === 'outbound' ? (count ?? 0) : count), 201);
  })
  .patch('/:key', async (context) => {
    const changes = parseOrThrow(segmentUpdateSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const all = await listSegments(db, workspace.id);
    const segment = all.find((candidate) => candidate.key === context.req.param('key'));
    if (!segment) throw notFound(`Segment ${context.req.param('key')}`);
    const updated = {
      ...segment,
      name: changes.name ?? segment.name,
      direction: changes.direction ?? segment.direction,
      rule: changes.rule === undefined ? segment.rule : (changes.rule as Rule),
      priority: changes.priority ?? segment.priority,
      exclusions: changes.exclusions ?? segment.exclusions,
      lifecycleGroup: changes.lifecycleGroup === undefined ? segment.lifecycleGroup : changes.lifecycleGroup,
      enabled: changes.enabled ?? segment.enabled,
    };
    checkDefinition(updated, all);
    await db.execute({
      sql: `UPDATE segments SET name = ?, direction = ?, rule = ?, priority = ?, exclusions = ?, lifecycle_group = ?, enabled = ?,
              version = version + 1, updated_at = ? WHERE workspace_id = ? AND key = ?`,
      args: [
        updated.name,
        updated.direction,
        JSON.stringify(updated.rule),
        updated.priority,
        JSON.stringify(updated.exclusions),
        updated.lifecycleGroup,
        updated.enabled ? 1 : 0,
        context.var.now,
        workspace.id,
        segment.key,
      ],
    });
    const wasWatched = (await db.execute({ sql: 'SELECT 1 FROM segment_memberships WHERE workspace_id = ? AND segment_key = ? LIMIT 1', args: [workspace.id, segment.key] })).rows.length > 0;
    await afterChange(context, workspace, { initial: wasWatched || segment.direction === 'outbound' ? [] : [segment.key] });
    return context.json(segmentView((await findSegment(db, workspace.id, segment.key))!));
  })
  .delete('/:key', async (context) => {
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const key = context.req.param('key');
    const all = await listSegments(db, workspace.id);
    if (!all.some((segment) => segment.key === key)) throw notFound(`Segment ${key}`);
    const [contentRules, watching] = await Promise.all([
      db.execute({ sql: 'SELECT id FROM content_rules WHERE workspace_id = ? AND segment_key = ?', args: [workspace.id, key] }),
      db.execute({ sql: 'SELECT id FROM triggers WHERE workspace_id = ? AND segment_key = ?', args: [workspace.id, key] }),
    ]);
    const dependants = all.filter((segment) => segment.key !== key && (segment.exclusions.includes(key) || ruleDependencies(segment.rule).includes(key)));
    const users = [
      ...contentRules.rows.map((row) => `content rule ${row.id}`),
      ...watching.rows.map((row) => `trigger ${row.id}`),
      ...dependants.map((segment) => `segment ${segment.key}`),
    ];
    if (users.length > 0) throw apiError(409, 'segment_in_use', `Segment ${key} is used by ${users.join(', ')}; change or delete those first`);
    await db.batch([
      { sql: 'DELETE FROM segment_memberships WHERE workspace_id = ? AND segment_key = ?', args: [workspace.id, key] },
      { sql: 'DELETE FROM segments WHERE workspace_id = ? AND key = ?', args: [workspace.id, key] },
      { sql: 'UPDATE workspaces SET config_version = config_version + 1 WHERE id = ?', args: [workspace.id] },
    ]);
    return context.body(null, 204);
  })
  .route('/', segmentExportRoutes);
