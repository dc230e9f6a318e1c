/**
 * Rule segments: a small JSON language (`all` / `any` / `not` over `{field, op, value}` conditions) evaluated
 * against a contact's facts, with an explanation of every condition — what it asked, the actual value, and
 * whether it held. Pure: the edge, the tests and the admin widget's previews all run this same code.
 * LANGUAGE.md beside this file is the reference for marketers and developers; cases.json holds worked examples.
 */
import { NAMED_SEGMENTS, type RfmConfig, type RfmState } from '../rfm/index.ts';

/** The version of this rule language; segments store the version they were written in. */
export const RULE_LANGUAGE_VERSION = 1;

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'not_contains',
  'starts_with',
  'exists',
  'not_exists',
  'before',
  'after',
  'within_next_days',
  'within_last_days',
  'anniversary_within_next_days',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const DATE_OPERATORS: readonly Operator[] = ['before', 'after', 'within_next_days', 'within_last_days', 'anniversary_within_next_days'];

export type ConditionValue = string | number | boolean | null | readonly (string | number)[];

export interface Condition {
  field: string;
  op: Operator;
  value?: ConditionValue;
  /** behaviour conditions: the event type, an optional category, and the look-back in days */
  event?: string;
  category?: string;
  days?: number;
}

export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;

/** One behaviour counter: events of a key (`page_view`, `product_view:category=shoes`, …) on a day. */
export interface BehaviourEntry {
  day: number;
  eventKey: string;
  count: number;
  /** minor units, e.g. what add_to_cart events put in the cart */
  value: number;
}

export const DEVICES = ['mobile', 'tablet', 'desktop'] as const;
export type Device = (typeof DEVICES)[number];

/** The page request at decide time (inbound segments only). `path` and `utm_*` default to what `url` says. */
export interface RequestContext {
  url?: string | undefined;
  path?: string | undefined;
  referrer?: string | undefined;
  title?: string | undefined;
  utm_source?: string | undefined;
  utm_medium?: string | undefined;
  utm_campaign?: string | undefined;
  device?: Device | undefined;
  country?: string | undefined;
}

export interface Facts {
  rfm: RfmState;
  attributes: Record<string, unknown>;
  /** the visitor's (and, once identified, all the contact's visitors') recent behaviour; decide reads it */
  behaviour?: readonly BehaviourEntry[] | undefined;
  /** the page's request context at decide time (url, referrer, device, country, …); inbound segments only */
  context?: Readonly<RequestContext> | undefined;
  /**
   * The as-of day (days since 1970-01-01, workspace time zone) that "last N days" and dates count from. When
   * absent: `rfm.lastPurchaseDay + rfm.recencyDays` if both are known, else conditions that need today fail.
   */
  today?: number | undefined;
  /** segments the contact is known to be in, for `segment` conditions outside evaluateSegments */
  segments?: ReadonlySet<string> | undefined;
}

export interface ConditionOutcome {
  field: string;
  op: Operator;
  value?: ConditionValue;
  event?: string;
  category?: string;
  days?: number;
  actual: unknown;
  passed: boolean;
}

export interface RuleOutcome {
  matched: boolean;
  /** Every condition of the rule, in order, each with its actual value; all are evaluated so all are explained. */
  why: ConditionOutcome[];
}

export interface SegmentDefinition {
  key: string;
  name: string;
  rule: Rule;
  priority: number;
  /** a contact in any of these segments is not in this one */
  exclusions?: readonly string[] | undefined;
  /** segments sharing a group are phases: only the highest-priority matching one counts */
  lifecycleGroup?: string | null | undefined;
}

export interface SegmentOutcome {
  key: string;
  name: string;
  priority: number;
  /** the rule held */
  matched: boolean;
  /** the contact is in the segment: matched, not excluded, not superseded in its lifecycle group, not in a cycle */
  member: boolean;
  why: ConditionOutcome[];
  /** the first excluded segment the contact is a member of */
  excludedBy?: string;
  /** the phase of the same lifecycle group that won instead */
  supersededBy?: string;
  /** the segments this one depends on in a circle (sorted); such a segment is never a member */
  cycle?: string[];
}

export interface SegmentMembership {
  key: string;
  name: string;
  priority: number;
  why: ConditionOutcome[];
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

/** What a field holds, which decides the operators and values it takes. `any`: attributes, whatever was stored. */
export type FieldType = 'number' | 'count' | 'key' | 'text' | 'date' | 'segments' | 'any';

const RFM_FIELDS: Record<string, (rfm: RfmState) => unknown> = {
  'rfm.recency_days': (rfm) => rfm.recencyDays,
  'rfm.frequency': (rfm) => rfm.frequency,
  'rfm.monetary': (rfm) => rfm.monetary,
  'rfm.r_score': (rfm) => rfm.scores.r,
  'rfm.f_score': (rfm) => rfm.scores.f,
  'rfm.m_score': (rfm) => rfm.scores.m,
  'rfm.r_band': (rfm) => rfm.bandKeys.r,
  'rfm.f_band': (rfm) => rfm.bandKeys.f,
  'rfm.m_band': (rfm) => rfm.bandKeys.m,
  'rfm.named': (rfm) => rfm.named,
};
export const RFM_FIELD_NAMES = Object.keys(RFM_FIELDS);
export const RFM_DATE_FIELDS = ['rfm.first_purchase_date', 'rfm.last_purchase_date'] as const;
export const BEHAVIOUR_FIELDS = ['behaviour.count', 'behaviour.value'] as const;
export const CONTEXT_FIELDS = ['context.url', 'context.path', 'context.referrer', 'context.utm_source', 'context.utm_medium', 'context.utm_campaign', 'context.device', 'context.country'] as const;
const ATTRIBUTE_FIELD = /^attributes\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const includes = (list: readonly string[], item: string) => list.includes(item);

/** The type of a known field, or null for an unknown one. */
export function fieldType(field: string): FieldType | null {
  if (typeof field !== 'string') return null;
  if (field === 'rfm.r_band' || field === 'rfm.f_band' || field === 'rfm.m_band' || field === 'rfm.named') return 'key';
  if (Object.hasOwn(RFM_FIELDS, field)) return 'number';
  if (includes(RFM_DATE_FIELDS, field)) return 'date';
  if (includes(BEHAVIOUR_FIELDS, field)) return 'count';
  if (includes(CONTEXT_FIELDS, field)) return 'text';
  if (field === 'segment') return 'segments';
  if (ATTRIBUTE_FIELD.test(field)) return 'any';
  return null;
}

export function isKnownField(field: string): boolean {
  return fieldType(field) !== null;
}

const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'not_exists'],
  count: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between'],
  key: ['eq', 'neq', 'in', 'not_in', 'exists', 'not_exists'],
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'exists', 'not_exists'],
  date: ['eq', 'neq', 'exists', 'not_exists', ...DATE_OPERATORS],
  segments: ['in', 'not_in'],
  any: OPERATORS,
};

/** The operators a field takes (none for an unknown field): what the admin widget offers. */
export function operatorsFor(field: string): readonly Operator[] {
  const type = fieldType(field);
  return type === null ? [] : OPERATORS_BY_TYPE[type];
}

// ---------------------------------------------------------------------------------------------------------------
// Days and dates

const MILLISECONDS_PER_DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
const ISO_DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?=$|[T ])/;

/**
 * A date as a day number (days since 1970-01-01): an ISO date (`2024-05-01`) or the date part of an ISO
 * timestamp (`2024-05-01T23:30:00+02:00` → 2024-05-01, the date as written). Impossible dates
 * (`2023-02-29`) and anything else are null.
 */
export function dayNumberOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE_PREFIX.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime() / MILLISECONDS_PER_DAY;
}

function todayOf(facts: Facts): number | null {
  if (typeof facts.today === 'number' && Number.isFinite(facts.today)) return Math.floor(facts.today);
  const { lastPurchaseDay, recencyDays } = facts.rfm;
  return lastPurchaseDay !== null && recencyDays !== null ? lastPurchaseDay + recencyDays : null;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days from today until the date's month and day next recur (0 = today); 29 February is 28 February in other years. */
export function daysUntilAnniversary(dateDay: number, today: number): number {
  const date = new Date(dateDay * MILLISECONDS_PER_DAY);
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  const occurrence = (year: number) => {
    const day = month === 1 && dayOfMonth === 29 && !isLeapYear(year) ? 28 : dayOfMonth;
    const at = new Date(Date.UTC(2000, month, day));
    at.setUTCFullYear(year);
    return at.getTime() / MILLISECONDS_PER_DAY;
  };
  const year = new Date(today * MILLISECONDS_PER_DAY).getUTCFullYear();
  const thisYear = occurrence(year);
  return thisYear >= today ? thisYear - today : occurrence(year + 1) - today;
}

/**
 * The first purchase as a day. The RFM state keeps the workspace-local day only of the last purchase, so: a
 * `firstPurchaseDay` on the state wins if it is ever there; a single purchase (first = last) takes the last
 * purchase's day; otherwise the UTC date of `firstPurchaseAt` (which may differ by one day from the local date
 * for purchases made near midnight in workspaces far from UTC).
 */
function firstPurchaseDayOf(rfm: RfmState): number | null {
  const declared = (rfm as RfmState & { firstPurchaseDay?: unknown }).firstPurchaseDay;
  if (typeof declared === 'number' && Number.isInteger(declared)) return declared;
  if (rfm.firstPurchaseAt === null || rfm.firstPurchaseAt === undefined) return null;
  if (rfm.lastPurchaseDay !== null && rfm.lastPurchaseDay !== undefined && rfm.firstPurchaseAt === rfm.lastPurchaseAt) return rfm.lastPurchaseDay;
  return Math.floor(rfm.firstPurchaseAt / MILLISECONDS_PER_DAY);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading facts

const URL_DERIVED = ['path', 'utm_source', 'utm_medium', 'utm_campaign'];

function parseUrl(text: string): URL | null {
  try {
    return text.startsWith('/') ? new URL(text, 'https://relative.invalid') : new URL(text);
  } catch {
    return null;
  }
}

function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return url.pathname;
  }
}

function contextValue(field: string, context: Facts['context']): string | null {
  if (!context || !includes(CONTEXT_FIELDS, field)) return null;
  const name = field.slice('context.'.length) as keyof RequestContext;
  const given = context[name];
  if (typeof given === 'string' && given !== '') return given;
  if (!URL_DERIVED.includes(name) || typeof context.url !== 'string' || context.url === '') return null;
  const url = parseUrl(context.url);
  if (!url) return null;
  if (name === 'path') return decodedPath(url);
  return url.searchParams.get(name) || null;
}

/** Categories are matched as the collector stores them: trimmed, lower case, at most 40 characters. */
export const normaliseCategory = (category: string) => category.trim().toLowerCase().slice(0, 40);

/** The behaviour counter key a condition reads: the event, with `:category=<category>` when it names one. */
export function behaviourKey(event: string, category?: string): string {
  return category === undefined ? event : `${event}:category=${normaliseCategory(category)}`;
}

/** Sum of counts (or values) of an event key over the `days` days up to and including today. */
function behaviourTotal(condition: Condition, facts: Facts): number | null {
  const today = todayOf(facts);
  if (today === null || typeof condition.event !== 'string' || typeof condition.days !== 'number' || condition.days < 1) return null;
  const eventKey = behaviourKey(condition.event, condition.category);
  let total = 0;
  for (const entry of facts.behaviour ?? []) {
    if (entry.eventKey !== eventKey || entry.day > today || today - entry.day >= condition.days) continue;
    total += condition.field === 'behaviour.value' ? entry.value : entry.count;
  }
  return total;
}

function attributeValue(field: string, attributes: Record<string, unknown>): unknown {
  let current: unknown = attributes;
  for (const part of field.slice('attributes.'.length).split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, part)) return null;
    current = (current as Record<string, unknown>)[part];
  }
  return current ?? null;
}

/**
 * The contact's actual value of a field: what the explanation shows. Behaviour fields need their condition
 * (event, category, days); missing values are null; `segment` is the sorted list of known segment keys.
 */
export function readField(field: string, facts: Facts, condition?: Condition): unknown {
  if (Object.hasOwn(RFM_FIELDS, field)) return RFM_FIELDS[field]!(facts.rfm);
  if (field === 'rfm.last_purchase_date') return facts.rfm.lastPurchaseDay === null || facts.rfm.lastPurchaseDay === undefined ? null : isoDay(facts.rfm.lastPurchaseDay);
  if (field === 'rfm.first_purchase_date') {
    const day = firstPurchaseDayOf(facts.rfm);
    return day === null ? null : isoDay(day);
  }
  if (ATTRIBUTE_FIELD.test(field)) return attributeValue(field, facts.attributes ?? {});
  if (includes(BEHAVIOUR_FIELDS, field)) return condition ? behaviourTotal(condition, facts) : null;
  if (field.startsWith('context.')) return contextValue(field, facts.context);
  if (field === 'segment') return [...(facts.segments ?? [])].sort();
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Operators

function testDate(op: Operator, actual: unknown, expected: ConditionValue | undefined, today: number | null): boolean {
  const day = dayNumberOf(actual);
  if (day === null) return false;
  if (op === 'before' || op === 'after') {
    const bound = dayNumberOf(expected);
    return bound !== null && (op === 'before' ? day < bound : day > bound);
  }
  if (today === null || typeof expected !== 'number' || !Number.isFinite(expected) || expected < 0) return false;
  if (op === 'within_next_days') return day >= today && day <= today + expected;
  if (op === 'within_last_days') return day <= today && day >= today - expected;
  return daysUntilAnniversary(day, today) <= expected;
}

function comparable(actual: unknown, expected: unknown): [number, number] | [string, string] | null {
  if (typeof actual === 'number' && typeof expected === 'number') return [actual, expected];
  if (typeof actual === 'string' && typeof expected === 'string') return [actual, expected];
  if (typeof actual === 'string' && typeof expected === 'number' && actual.trim() !== '' && Number.isFinite(Number(actual))) {
    return [Number(actual), expected];
  }
  return null;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return actual.toLowerCase() === expected.toLowerCase();
  const pair = comparable(actual, expected);
  return pair ? pair[0] === pair[1] : actual === expected;
}

const asList = (value: ConditionValue | undefined): readonly unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isMissing = (actual: unknown) => actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);

/**
 * Whether `actual` passes `op` against `expected`. Date operators that count from today (`within_*`,
 * `anniversary_within_next_days`) need `today` (a day number) and fail without it.
 */
export function testCondition(op: Operator, actual: unknown, expected: ConditionValue | undefined, today: number | null = null): boolean {
  switch (op) {
    case 'exists':
      return !isMissing(actual);
    case 'not_exists':
      return isMissing(actual);
    case 'eq':
      return sameValue(actual, expected);
    case 'neq':
      return !sameValue(actual, expected);
    case 'in':
      if (Array.isArray(actual)) return asList(expected).some((candidate) => actual.some((item) => sameValue(item, candidate)));
      return asList(expected).some((candidate) => sameValue(actual, candidate));
    case 'not_in':
      return !testCondition('in', actual, expected);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => sameValue(item, expected));
      return typeof actual === 'string' && (typeof expected === 'string' || typeof expected === 'number') && actual.toLowerCase().includes(String(expected).toLowerCase());
    case 'not_contains':
      return !testCondition('contains', actual, expected);
    case 'starts_with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().startsWith(expected.toLowerCase());
    case 'before':
    case 'after':
    case 'within_next_days':
    case 'within_last_days':
    case 'anniversary_within_next_days':
      return testDate(op, actual, expected, today);
    case 'between': {
      if (!Array.isArray(expected) || expected.length !== 2) return false;
      const low = comparable(actual, expected[0]);
      const high = comparable(actual, expected[1]);
      return low !== null && high !== null && low[0] >= low[1] && high[0] <= high[1];
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const pair = comparable(actual, expected);
      if (!pair) return false;
      const [left, right] = pair;
      if (op === 'gt') return left > right;
      if (op === 'gte') return left >= right;
      if (op === 'lt') return left < right;
      return left <= right;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

function evaluate(rule: Rule, facts: Facts, today: number | null, why: ConditionOutcome[]): boolean {
  if ('all' in rule) return rule.all.map((child) => evaluate(child, facts, today, why)).every(Boolean);
  if ('any' in rule) return rule.any.map((child) => evaluate(child, facts, today, why)).some(Boolean);
  if ('not' in rule) return !evaluate(rule.not, facts, today, why);
  const actual = readField(rule.field, facts, rule);
  const passed = testCondition(rule.op, actual, rule.value, today);
  const outcome = { field: rule.field, op: rule.op } as ConditionOutcome;
  if (rule.value !== undefined) outcome.value = rule.value;
  if (rule.event !== undefined) outcome.event = rule.event;
  if (rule.category !== undefined) outcome.category = rule.category;
  if (rule.days !== undefined) outcome.days = rule.days;
  outcome.actual = actual;
  outcome.passed = passed;
  why.push(outcome);
  return passed;
}

/** Evaluates a (validated) rule; every condition is evaluated and explained, in order, even after the answer is known. */
export function evaluateRule(rule: Rule, facts: Facts): RuleOutcome {
  const why: ConditionOutcome[] = [];
  const matched = evaluate(rule, facts, todayOf(facts), why);
  return { matched, why };
}

// ---------------------------------------------------------------------------------------------------------------
// Segments: dependencies, exclusions, lifecycle groups

/** Every condition of a rule, in order, however it is grouped (tolerating malformed stored rules). */
export function ruleConditions(rule: Rule): Condition[] {
  const found: Condition[] = [];
  const visit = (node: Rule, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 64) return;
    if ('all' in node) (Array.isArray(node.all) ? node.all : []).forEach((child) => visit(child, depth + 1));
    else if ('any' in node) (Array.isArray(node.any) ? node.any : []).forEach((child) => visit(child, depth + 1));
    else if ('not' in node) visit(node.not, depth + 1);
    else found.push(node);
  };
  visit(rule, 0);
  return found;
}

/** The segments a rule refers to through `segment` conditions, in order of first mention. */
export function ruleDependencies(rule: Rule): string[] {
  const found = new Set<string>();
  for (const condition of ruleConditions(rule)) if (condition.field === 'segment') for (const key of asList(condition.value)) found.add(String(key));
  return [...found];
}

/** `a` outranks `b` in a lifecycle group: higher priority, then the smaller key. */
const outranks = (a: SegmentDefinition, b: SegmentDefinition) => a.priority > b.priority || (a.priority === b.priority && a.key < b.key);

interface SegmentGraph {
  byKey: Map<string, SegmentDefinition>;
  /** the defined segments each one's final membership depends on: referred to, excluded, or outranking it in its group */
  edges: Map<string, string[]>;
  /** per segment with a group, the other phases that outrank it, highest first */
  rivals: Map<string, SegmentDefinition[]>;
}

function graphOf(definitions: readonly SegmentDefinition[]): SegmentGraph {
  const byKey = new Map<string, SegmentDefinition>();
  for (const definition of definitions) if (!byKey.has(definition.key)) byKey.set(definition.key, definition);
  const groups = new Map<string, SegmentDefinition[]>();
  for (const definition of byKey.values()) {
    if (!definition.lifecycleGroup) continue;
    const members = groups.get(definition.lifecycleGroup) ?? [];
    members.push(definition);
    groups.set(definition.lifecycleGroup, members);
  }
  const edges = new Map<string, string[]>();
  const rivals = new Map<string, SegmentDefinition[]>();
  for (const definition of byKey.values()) {
    const above = definition.lifecycleGroup
      ? (groups.get(definition.lifecycleGroup) ?? []).filter((other) => other !== definition && outranks(other, definition)).sort((a, b) => (outranks(a, b) ? -1 : 1))
      : [];
    rivals.set(definition.key, above);
    const dependencies = [...ruleDependencies(definition.rule), ...(definition.exclusions ?? []), ...above.map((other) => other.key)];
    edges.set(definition.key, [...new Set(dependencies)].filter((key) => byKey.has(key)));
  }
  return { byKey, edges, rivals };
}

/** Strongly connected components that form a cycle (more than one segment, or one that depends on itself). */
function cyclesOf(graph: SegmentGraph): Map<string, string[]> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cyclic = new Map<string, string[]>();
  let counter = 0;
  // Iterative Tarjan, so a long chain of segments cannot overflow the call stack.
  for (const root of graph.byKey.keys()) {
    if (index.has(root)) continue;
    const work: { key: string; next: number }[] = [{ key: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.edges.get(frame.key) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ key: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.key, Math.min(low.get(frame.key)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) !== index.get(frame.key)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.key);
      if (component.length > 1 || (graph.edges.get(frame.key) ?? []).includes(frame.key)) {
        component.sort();
        for (const key of component) cyclic.set(key, component);
      }
    }
  }
  return cyclic;
}

/**
 * A chain of segments that depend on each other in a circle, first segment repeated at the end
 * (`['a', 'b', 'a']`), or null. A segment depends on the segments its rule refers to, the segments it excludes,
 * and the phases of its lifecycle group that outrank it (their matching decides whether it is superseded).
 */
export function findDependencyCycle(definitions: readonly SegmentDefinition[]): string[] | null {
  const graph = graphOf(definitions);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    path.push(key);
    for (const dependency of graph.edges.get(key) ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    return null;
  };
  for (const key of graph.byKey.keys()) {
    const cycle = visit(key);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * Every definition's outcome for the facts, one per definition, in the order given.
 * - A segment's rule is evaluated after the segments it refers to; a `segment` condition sees their final
 *   membership (and, for keys that are not among the definitions, `facts.segments`).
 * - Exclusions: a matching contact who is a member of an excluded segment is not a member (`excludedBy`).
 * - Lifecycle groups: of the matching, non-excluded phases of a group only the one with the highest priority
 *   (ties: the smaller key) is a member; the others are `supersededBy` it.
 * - Segments caught in a dependency cycle are never members (`cycle`); their rules are still explained, seeing
 *   the other segments of the cycle as not member.
 */
export function evaluateSegments(definitions: readonly SegmentDefinition[], facts: Facts): SegmentOutcome[] {
  const graph = graphOf(definitions);
  const cycles = cyclesOf(graph);
  const external = facts.segments ?? new Set<string>();
  const outcomes = new Map<string, SegmentOutcome>();
  const finals = new Map<string, boolean>();
  const inProgress = new Set<string>();

  /** The rule and exclusions, without the lifecycle group. */
  function resolve(key: string): SegmentOutcome {
    const known = outcomes.get(key);
    if (known) return known;
    const definition = graph.byKey.get(key)!;
    if (inProgress.has(key)) return { key, name: definition.name, priority: definition.priority, matched: false, member: false, why: [] };
    inProgress.add(key);
    const seen = new Set<string>([...external].filter((segment) => !graph.byKey.has(segment)));
    for (const dependency of ruleDependencies(definition.rule)) if (graph.byKey.has(dependency) && isMember(dependency)) seen.add(dependency);
    const { matched, why } = evaluateRule(definition.rule, { ...facts, segments: seen });
    const outcome: SegmentOutcome = { key, name: definition.name, priority: definition.priority, matched, member: matched, why };
    const cycle = cycles.get(key);
    if (cycle) {
      outcome.member = false;
      outcome.cycle = cycle;
    } else if (matched) {
      const excludedBy = (definition.exclusions ?? []).find((excluded) => isMember(excluded));
      if (excludedBy !== undefined) {
        outcome.member = false;
        outcome.excludedBy = excludedBy;
      }
    }
    inProgress.delete(key);
    outcomes.set(key, outcome);
    return outcome;
  }

  /** Matched and not excluded (nor in a cycle): may win its lifecycle group. */
  function eligible(key: string): boolean {
    if (cycles.has(key) || inProgress.has(key)) return false;
    const outcome = resolve(key);
    return outcome.matched && outcome.excludedBy === undefined && outcome.cycle === undefined;
  }

  /** Final membership. Cyclic segments (and, defensively, anything met again while being worked out) are not members. */
  function isMember(key: string): boolean {
    if (!graph.byKey.has(key)) return external.has(key);
    const known = finals.get(key);
    if (known !== undefined) return known;
    if (cycles.has(key) || inProgress.has(key)) return false;
    const outcome = resolve(key);
    if (outcome.member) {
      const winner = (graph.rivals.get(key) ?? []).find((rival) => eligible(rival.key));
      if (winner) {
        outcome.member = false;
        outcome.supersededBy = winner.key;
      }
    }
    finals.set(key, outcome.member);
    return outcome.member;
  }

  for (const key of graph.byKey.keys()) {
    isMember(key);
    resolve(key);
  }
  return definitions.map((definition) => {
    const outcome = outcomes.get(definition.key)!;
    return graph.byKey.get(definition.key) === definition ? outcome : { ...outcome, name: definition.name, priority: definition.priority };
  });
}

/** The segments the facts are in, highest priority first (then by key), each with its explanation. */
export function segmentsFor(definitions: readonly SegmentDefinition[], facts: Facts): SegmentMembership[] {
  const seen = new Set<string>();
  return evaluateSegments(definitions, facts)
    .filter((outcome) => outcome.member && !seen.has(outcome.key) && seen.add(outcome.key))
    .map(({ key, name, priority, why }) => ({ key, name, priority, why }))
    .sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

export interface RuleProblem {
  path: string;
  message: string;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; problems: RuleProblem[] };

export interface ValidationOptions {
  /** outbound segments are computed without a request, so they may not use `context.*` */
  direction?: 'inbound' | 'outbound' | undefined;
  /** when given, `segment` conditions must name one of these */
  knownSegments?: ReadonlySet<string> | undefined;
}

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 100;
const MAX_LIST = 500;
const MAX_WITHIN_DAYS = 3660;
const MAX_ANNIVERSARY_DAYS = 365;
const EVENT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
const BEHAVIOUR_KEYS = ['field', 'op', 'value', 'event', 'category', 'days'];
const CONDITION_KEYS = ['field', 'op', 'value'];
const NAMED_KEYS = NAMED_SEGMENTS.map((segment) => segment.key);

const TYPE_NAMES: Record<FieldType, string> = {
  number: 'a number',
  count: 'a count or sum over days',
  key: 'a key',
  text: 'text',
  date: 'a date',
  segments: 'the list of segments the contact is in',
  any: 'any value',
};

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isScalar = (value: unknown) => typeof value === 'string' || isFiniteNumber(value) || typeof value === 'boolean';

/** Checks an untrusted rule, naming each problem by its path (e.g. `all[1].days`). */
export function validateRule(candidate: unknown, options: ValidationOptions = {}): RuleValidation {
  const problems: RuleProblem[] = [];
  let conditions = 0;
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

  const checkValue = (field: string, type: FieldType, op: Operator, value: unknown, at: string) => {
    const problem = (message: string) => problems.push({ path: at, message });
    const expectsNumber = type === 'number' || type === 'count';
    const expectsText = type === 'key' || type === 'text';
    const fits = (item: unknown) => (expectsNumber ? isFiniteNumber(item) : expectsText ? typeof item === 'string' : typeof item === 'string' || isFiniteNumber(item));
    const kind = expectsNumber ? 'numbers' : expectsText ? 'strings' : 'strings or numbers';

    if (op === 'exists' || op === 'not_exists') {
      if (value !== undefined) problem(`${op} takes no value`);
      return;
    }
    if (op === 'before' || op === 'after') {
      if (dayNumberOf(value) === null || (typeof value === 'string' && value.length > 10)) problem(`${op} needs an ISO date such as "2026-12-31"`);
      return;
    }
    if (op === 'within_next_days' || op === 'within_last_days' || op === 'anniversary_within_next_days') {
      const max = op === 'anniversary_within_next_days' ? MAX_ANNIVERSARY_DAYS : MAX_WITHIN_DAYS;
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) problem(`${op} needs a whole number of days, 0 to ${max}`);
      return;
    }
    if (type === 'segments') {
      const keys = Array.isArray(value) ? value : [value];
      if (keys.length === 0 || keys.length > MAX_LIST || !keys.every((key) => typeof key === 'string' && key !== '')) {
        problem(`${op} needs a segment key or a non-empty list of segment keys`);
        return;
      }
      for (const key of keys as string[]) if (options.knownSegments && !options.knownSegments.has(key)) problem(`${JSON.stringify(key)} is not a segment of this workspace`);
      return;
    }
    if (op === 'in' || op === 'not_in') {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST || !value.every(fits)) problem(`${op} needs a non-empty list (at most ${MAX_LIST}) of ${kind}`);
      else checkKnownValues(field, value, at);
      return;
    }
    if (op === 'between') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every(fits) || typeof value[0] !== typeof value[1]) {
        problem(`between needs [low, high], two ${kind} of the same type`);
      } else if ((value[0] as number | string) > (value[1] as number | string)) {
        problem('between needs low ≤ high');
      }
      return;
    }
    if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
      if (!fits(value)) problem(`${op} needs ${expectsNumber ? 'a number' : 'a number or a string'}`);
      return;
    }
    if (op === 'contains' || op === 'not_contains') {
      if (type === 'text' ? typeof value !== 'string' || value === '' : !isScalar(value)) problem(`${op} needs ${type === 'text' ? 'some text' : 'a string, number or boolean'}`);
      return;
    }
    if (op === 'starts_with') {
      if (typeof value !== 'string' || value === '') problem('starts_with needs some text');
      return;
    }
    // eq, neq
    if (type === 'date') {
      if (dayNumberOf(value) === null || (typeof value === 'string' && value.length > 10)) problem(`${op} on ${field} needs an ISO date such as "2026-12-31"`);
    } else if (expectsNumber || expectsText) {
      if (!fits(value)) problem(`${op} on ${field} needs ${expectsNumber ? 'a number' : 'a string'}`);
      else checkKnownValues(field, [value], at);
    } else if (!isScalar(value) && value !== null) {
      problem(`${op} needs a string, number or boolean`);
    }
  };

  const checkKnownValues = (field: string, values: readonly unknown[], at: string) => {
    const allowed = field === 'rfm.named' ? NAMED_KEYS : field === 'context.device' ? (DEVICES as readonly string[]) : null;
    if (!allowed) return;
    for (const value of values) {
      if (typeof value === 'string' && !allowed.includes(value.toLowerCase())) problems.push({ path: at, message: `${JSON.stringify(value)} is not a value of ${field}; use one of ${allowed.join(', ')}` });
    }
  };

  const visitCondition = (record: Record<string, unknown>, path: string) => {
    conditions++;
    const here = path || 'rule';
    const { field, op, value } = record;
    const type = typeof field === 'string' ? fieldType(field) : null;
    const allowedKeys = type === 'count' ? BEHAVIOUR_KEYS : CONDITION_KEYS;
    const unknownKeys = Object.keys(record).filter((key) => !allowedKeys.includes(key));
    if (unknownKeys.length > 0) {
      const hint = type !== 'count' && unknownKeys.some((key) => BEHAVIOUR_KEYS.includes(key)) ? ' (event, category and days belong to behaviour.count and behaviour.value)' : '';
      problems.push({ path: here, message: `unknown key ${unknownKeys.map((key) => `"${key}"`).join(', ')}; a condition is {${allowedKeys.join(', ')}}${hint}` });
    }
    if (type === null) {
      problems.push({
        path: join(path, 'field'),
        message: `unknown field ${JSON.stringify(field)}; use attributes.<name>, behaviour.count, behaviour.value, segment, ${CONTEXT_FIELDS.join(', ')} or one of ${[...RFM_FIELD_NAMES, ...RFM_DATE_FIELDS].join(', ')}`,
      });
    }
    if (typeof op !== 'string' || !includes(OPERATORS, op)) {
      problems.push({ path: join(path, 'op'), message: `unknown operator ${JSON.stringify(op)}; use one of ${OPERATORS.join(', ')}` });
      return;
    }
    if (type === null || typeof field !== 'string') return;
    if (type === 'text' && options.direction === 'outbound') {
      problems.push({ path: join(path, 'field'), message: `${field} describes the page being viewed, so only inbound segments may use it` });
    }
    if (type === 'count') {
      const { event, category, days } = record;
      if (typeof event !== 'string' || !EVENT_NAME.test(event)) problems.push({ path: join(path, 'event'), message: 'needs the event type in lower_snake_case, e.g. "product_view", "add_to_cart" or your own' });
      if (category !== undefined && (typeof category !== 'string' || category.trim() === '' || category.trim().length > 40)) {
        problems.push({ path: join(path, 'category'), message: 'must be a category name of 1 to 40 characters' });
      }
      if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 365) problems.push({ path: join(path, 'days'), message: 'needs the look-back in whole days, 1 to 365' });
    }
    const allowedOperators = OPERATORS_BY_TYPE[type];
    if (!allowedOperators.includes(op as Operator)) {
      problems.push({ path: join(path, 'op'), message: `${field} is ${TYPE_NAMES[type]}, so ${op} does not apply; use one of ${allowedOperators.join(', ')}` });
      return;
    }
    checkValue(field, type, op as Operator, value, join(path, 'value'));
  };

  const visit = (node: unknown, path: string, depth: number) => {
    const here = path || 'rule';
    if (depth > MAX_DEPTH) return void problems.push({ path: here, message: `rules nest at most ${MAX_DEPTH} deep` });
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return void problems.push({ path: here, message: 'must be an object: {"all": […]}, {"any": […]}, {"not": …} or a condition' });
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (Object.hasOwn(record, group)) {
        if (keys.length !== 1) return void problems.push({ path: here, message: `"${group}" must be the only key of its object` });
        const children = record[group];
        if (!Array.isArray(children) || children.length === 0) return void problems.push({ path: join(path, group), message: 'must be a non-empty list of rules' });
        children.forEach((child, index) => visit(child, `${join(path, group)}[${index}]`, depth + 1));
        return;
      }
    }
    if (Object.hasOwn(record, 'not')) {
      if (keys.length !== 1) return void problems.push({ path: here, message: '"not" must be the only key of its object' });
      return visit(record.not, join(path, 'not'), depth + 1);
    }
    visitCondition(record, path);
  };

  visit(candidate, '', 0);
  if (conditions > MAX_CONDITIONS) problems.push({ path: 'rule', message: `at most ${MAX_CONDITIONS} conditions per rule` });
  return problems.length === 0 ? { ok: true, rule: candidate as Rule } : { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Presets

/**
 * The segments every workspace starts with: the eleven classic named RFM segments, and band pairs and triples
 * that marketers ask for first. Band conditions use the band keys configured when the presets are made.
 */
export function presetSegments(config: RfmConfig): SegmentDefinition[] {
  const band = (dimension: 'r' | 'f' | 'm', index: 0 | 1 | 2) => config.bands[dimension].names[index];
  const bandCondition = (dimension: 'r' | 'f' | 'm', index: 0 | 1 | 2): Condition => ({ field: `rfm.${dimension}_band`, op: 'eq', value: band(dimension, index).key });
  const combination = (parts: Array<['r' | 'f' | 'm', 0 | 1 | 2]>, priority: number): SegmentDefinition => ({
    key: parts.map(([dimension, index]) => band(dimension, index).key).join('_'),
    name: parts.map(([dimension, index]) => band(dimension, index).label).join(' & '),
    rule: { all: parts.map(([dimension, index]) => bandCondition(dimension, index)) },
    priority,
  });
  const named = NAMED_SEGMENTS.map((segment) => ({
    key: segment.key,
    name: segment.label,
    rule: { field: 'rfm.named', op: 'eq', value: segment.key } satisfies Condition,
    priority: 10,
  }));
  return [
    ...named,
    combination([['f', 2], ['m', 2]], 20),
    combination([['r', 0], ['f', 2]], 20),
    combination([['r', 2], ['m', 2]], 25),
    combination([['r', 0], ['f', 2], ['m', 2]], 30),
  ];
}
