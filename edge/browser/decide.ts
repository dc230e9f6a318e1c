import type { SqlDriver } from '../../db/driver.ts';
import { chooseVariants, type ContentRule, type SlotVariant } from '../engine/decide/index.ts';
import { readField, ruleConditions, segmentsFor, type BehaviourEntry, type Condition, type Facts, type SegmentDefinition } from '../engine/rules/index.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { listContentRules } from '../content/store.ts';
import { aggregateFromStateRow, stateFor } from '../rfm/read.ts';
import { loadEnabledSegments } from '../segments/load.ts';
import { loadWorkspace, type Workspace } from '../workspaces/workspace.ts';
import type { DecideRequest } from './schema.ts';

/** How far back the behaviour summary reaches: the longest "in the last N days" a rule may ask about. */
export const BEHAVIOUR_DAYS = 365;

export interface Decision {
  visitorId: string;
  segments: string[];
  slots: Record<string, SlotVariant>;
  /** true when the store did not answer in time: the page keeps its default content */
  fallback?: true;
  identified?: boolean;
}

/** What the edge knows about the browser from the request itself. */
export interface ClientContext {
  device?: 'mobile' | 'tablet' | 'desktop';
  country?: string;
}

/** Coarse device class from the User-Agent, enough for "mobile visitors see …" rules. */
export function deviceOf(userAgent: string | undefined): ClientContext['device'] {
  if (!userAgent) return undefined;
  if (/iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|BlackBerry|Opera Mini|IEMobile/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

export interface WorkspaceRules {
  version: number;
  workspace: Workspace;
  segments: SegmentDefinition[];
  contentRules: ContentRule[];
}

export class KeyRefusedError extends Error {
  constructor(readonly reason: 'unknown' | 'not_publishable') {
    super(reason === 'unknown' ? 'The API key is unknown or revoked' : 'Decide needs a publishable (pk_) key');
    this.name = 'KeyRefusedError';
  }
}

/**
 * The one statement of the hot path: key → workspace (and its configuration version) → visitor → contact →
 * RFM state, attributes and the behaviour summary of every visitor linked to the contact. The behaviour comes in
 * two parts — the visitor's own, and that of the contact's other visitors — because a single `IN (… UNION …)` list
 * builds a temporary b-tree on every call; the two index lookups cost a fraction of that.
 */
const HOT_READ = `SELECT k.kind, w.id AS workspace_id, w.config_version, v.contact_id, c.attributes,
    r.first_purchase_at, r.last_purchase_at, r.last_purchase_day, r.frequency, r.monetary,
    (SELECT json_group_array(json_array(b.day, b.event_key, b.count, b.value)) FROM behaviour_counts b
      WHERE b.workspace_id = w.id AND b.visitor_id = ? AND b.day > ?) AS behaviour,
    (SELECT json_group_array(json_array(b.day, b.event_key, b.count, b.value)) FROM visitors v2
      JOIN behaviour_counts b ON b.workspace_id = w.id AND b.visitor_id = v2.visitor_id AND b.day > ?
      WHERE v2.contact_id = v.contact_id AND v2.visitor_id <> ?) AS linked_behaviour
  FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
  LEFT JOIN visitors v ON v.workspace_id = w.id AND v.visitor_id = ?
  LEFT JOIN contacts c ON c.id = v.contact_id
  LEFT JOIN contact_rfm r ON r.contact_id = v.contact_id
  WHERE k.key_hash = ? AND k.revoked_at IS NULL`;

export interface Decider {
  decide(driver: SqlDriver, keyHash: string, request: DecideRequest, now: number, client?: ClientContext): Promise<{ decision: Decision; rules: WorkspaceRules }>;
  /** the rules last seen for a key, so even a fallback answer can carry CORS headers */
  cachedRulesForKey(keyHash: string): WorkspaceRules | undefined;
}

type BehaviourRow = [day: number, eventKey: string, count: number, value: number];

/** Conditions of every definition that read a fact (`segment` conditions read other segments, worked out from these). */
function factConditions(definitions: readonly SegmentDefinition[]): Condition[] {
  return definitions.flatMap((definition) => ruleConditions(definition.rule)).filter((condition) => condition.field !== 'segment');
}

/**
 * Segment keys for given facts, remembered per distinct set of the values the rules actually read. The engine's
 * outcome is a pure function of the definitions, today, and what `readField` returns for each condition (a
 * `segment` condition sees only memberships derived from those), so facts that read alike get the same segments:
 * for RFM presets that is a few hundred band/score combinations however many contacts there are.
 */
class SegmentMemo {
  private readonly conditions: Condition[];
  private readonly answers = new Map<string, string[]>();
  constructor(private readonly definitions: readonly SegmentDefinition[]) {
    this.conditions = factConditions(definitions);
  }

  segmentKeys(facts: Facts & { today: number }): string[] {
    let key = String(facts.today);
    for (const condition of this.conditions) {
      const actual = readField(condition.field, facts, condition);
      key += actual === undefined ? '\u0000~' : '\u0000' + JSON.stringify(actual);
    }
    let keys = this.answers.get(key);
    if (keys === undefined) {
      keys = segmentsFor(this.definitions, facts).map((membership) => membership.key);
      if (this.answers.size >= MAX_REMEMBERED_FACT_SHAPES) this.answers.clear();
      this.answers.set(key, keys);
    }
    return keys;
  }
}
const MAX_REMEMBERED_FACT_SHAPES = 20_000;

interface CachedRules extends WorkspaceRules {
  memo: SegmentMemo;
}

/**
 * Segment definitions and content rules live in an in-isolate cache keyed by the workspace's configuration version,
 * which the hot read returns: any admin change bumps the version, so it is live on the next request.
 */
export function createDecider(): Decider {
  const rulesByWorkspace = new Map<string, CachedRules>();
  const workspaceByKey = new Map<string, string>();

  async function loadRules(driver: SqlDriver, workspaceId: string): Promise<CachedRules> {
    const [workspace, segments, contentRules] = await Promise.all([
      loadWorkspace(driver, workspaceId),
      loadEnabledSegments(driver, workspaceId),
      listContentRules(driver, workspaceId),
    ]);
    if (!workspace) throw new KeyRefusedError('unknown');
    const loaded: CachedRules = { version: workspace.configVersion, workspace, segments, contentRules, memo: new SegmentMemo(segments) };
    rulesByWorkspace.set(workspaceId, loaded);
    return loaded;
  }

  return {
    cachedRulesForKey(keyHash) {
      const workspaceId = workspaceByKey.get(keyHash);
      return workspaceId === undefined ? undefined : rulesByWorkspace.get(workspaceId);
    },

    async decide(driver, keyHash, request, now, client = {}) {
      const earliestDay = localDayNumber(now, 'UTC') - BEHAVIOUR_DAYS - 2;
      const visitorId = request.visitorId;
      const { rows } = await driver.execute({ sql: HOT_READ, args: [visitorId, earliestDay, earliestDay, visitorId, visitorId, keyHash] });
      const row = rows[0];
      if (!row) throw new KeyRefusedError('unknown');
      if (row.kind !== 'publishable') throw new KeyRefusedError('not_publishable');
      const workspaceId = String(row.workspace_id);
      if (workspaceByKey.get(keyHash) !== workspaceId) {
        if (workspaceByKey.size > 10_000) workspaceByKey.clear();
        workspaceByKey.set(keyHash, workspaceId);
      }
      const cached = rulesByWorkspace.get(workspaceId);
      const rules = cached !== undefined && cached.version === Number(row.config_version) ? cached : await loadRules(driver, workspaceId);
      const { workspace } = rules;

      const today = localDayNumber(now, workspace.timeZone);
      const rfm = stateFor(aggregateFromStateRow(row), today, workspace);
      const attributes = row.attributes == null ? {} : (JSON.parse(String(row.attributes)) as Record<string, unknown>);
      const behaviour: BehaviourEntry[] = [];
      for (const column of [row.behaviour, row.linked_behaviour]) {
        if (column == null || column === '[]') continue;
        for (const [day, eventKey, count, value] of JSON.parse(String(column)) as BehaviourRow[]) {
          if (today - day < BEHAVIOUR_DAYS) behaviour.push({ day, eventKey, count, value });
        }
      }
      const context = { url: request.context?.url, referrer: request.context?.referrer, title: request.context?.title, ...client };

      const segmentKeys = rules.memo.segmentKeys({ rfm, attributes, behaviour, context, today });
      const slots = chooseVariants(rules.contentRules, new Set(segmentKeys), request.slots, now);
      return { decision: { visitorId, segments: segmentKeys.slice(), slots, identified: row.contact_id != null }, rules };
    },
  };
}

export class DecideTimeoutError extends Error {
  constructor(budgetMs: number) {
    super(`the store did not answer within ${budgetMs} ms`);
    this.name = 'DecideTimeoutError';
  }
}

export function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DecideTimeoutError(budgetMs)), budgetMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
