/**
 * Rule segments: a small JSON language (`all` / `any` / `not` over `{field, op, value}` conditions) evaluated
 * against a contact's facts, with an explanation of every condition — what it asked, the actual value, and
 * whether it held. Pure: the edge, the tests and the admin widget's previews all run this same code.
 */
import { NAMED_SEGMENTS, type RfmConfig, type RfmState } from '../rfm/index.ts';

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
const DATE_OPERATORS: readonly Operator[] = ['before', 'after', 'within_next_days', 'within_last_days', 'anniversary_within_next_days'];

/** The version of this rule language; segments store the version they were written in. */
export const RULE_LANGUAGE_VERSION = 1;
export type Operator = (typeof OPERATORS)[number];

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

export interface Facts {
  rfm: RfmState;
  attributes: Record<string, unknown>;
  /** the visitor's (and, once identified, all the contact's visitors') recent behaviour; decide reads it */
  behaviour?: readonly BehaviourEntry[];
  /** the page's request context at decide time (url, referrer, device, country, …); inbound segments only */
  context?: Readonly<Record<string, string | undefined>>;
  /** the as-of day (days since 1970-01-01, workspace time zone) that "last N days" and dates count from */
  today?: number;
  /** segments the contact is known to be in, for `segment` conditions outside evaluateSegments */
  segments?: ReadonlySet<string>;
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
  exclusions?: readonly string[];
  /** segments sharing a group are phases: only the highest-priority matching one counts */
  lifecycleGroup?: string | null;
}

export interface SegmentOutcome {
  key: string;
  name: string;
  priority: number;
  /** the rule held */
  matched: boolean;
  /** the contact is in the segment: matched, not excluded, not superseded in its lifecycle group */
  member: boolean;
  why: ConditionOutcome[];
  excludedBy?: string;
  supersededBy?: string;
}

export interface SegmentMembership {
  key: string;
  name: string;
  priority: number;
  why: ConditionOutcome[];
}

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

const ATTRIBUTE_FIELD = /^attributes\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
export const BEHAVIOUR_FIELDS = ['behaviour.count', 'behaviour.value'] as const;
export const CONTEXT_FIELDS = ['context.url', 'context.path', 'context.referrer', 'context.utm_source', 'context.utm_medium', 'context.utm_campaign', 'context.device', 'context.country'] as const;
const DATE_FIELDS = ['rfm.first_purchase_date', 'rfm.last_purchase_date'];

export function isKnownField(field: string): boolean {
  return (
    field in RFM_FIELDS ||
    DATE_FIELDS.includes(field) ||
    ATTRIBUTE_FIELD.test(field) ||
    (BEHAVIOUR_FIELDS as readonly string[]).includes(field) ||
    (CONTEXT_FIELDS as readonly string[]).includes(field) ||
    field === 'segment'
  );
}

const MILLISECONDS_PER_DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);

function todayOf(facts: Facts): number | null {
  if (facts.today !== undefined) return facts.today;
  const { lastPurchaseDay, recencyDays } = facts.rfm;
  return lastPurchaseDay !== null && recencyDays !== null ? lastPurchaseDay + recencyDays : null;
}

function contextValue(field: string, context: Facts['context']): string | null {
  if (!context) return null;
  const name = field.slice('context.'.length);
  const given = context[name];
  if (given !== undefined && given !== '') return given;
  if (!context.url) return null;
  try {
    const url = new URL(context.url);
    if (name === 'path') return url.pathname;
    if (name.startsWith('utm_')) return url.searchParams.get(name);
  } catch {
    // not a URL: nothing to derive
  }
  return null;
}

/** Sum of counts (or values) of an event key over the `days` days up to and including today. */
function behaviourTotal(condition: Condition, facts: Facts): number | null {
  const today = todayOf(facts);
  if (today === null || !condition.event || !condition.days) return null;
  const eventKey = condition.category ? `${condition.event}:category=${condition.category.trim().toLowerCase()}` : condition.event;
  let total = 0;
  for (const entry of facts.behaviour ?? []) {
    if (entry.eventKey !== eventKey || entry.day > today || today - entry.day >= condition.days) continue;
    total += condition.field === 'behaviour.value' ? entry.value : entry.count;
  }
  return total;
}

export function readField(field: string, facts: Facts, condition?: Condition): unknown {
  const rfmField = RFM_FIELDS[field];
  if (rfmField) return rfmField(facts.rfm);
  if (field === 'rfm.last_purchase_date') return facts.rfm.lastPurchaseDay === null ? null : isoDay(facts.rfm.lastPurchaseDay);
  if (field === 'rfm.first_purchase_date') return facts.rfm.firstPurchaseAt === null ? null : new Date(facts.rfm.firstPurchaseAt).toISOString().slice(0, 10);
  if (field.startsWith('attributes.')) {
    let current: unknown = facts.attributes;
    for (const part of field.slice('attributes.'.length).split('.')) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
      current = (current as Record<string, unknown>)[part];
    }
    return current ?? null;
  }
  if (field.startsWith('behaviour.')) return condition ? behaviourTotal(condition, facts) : null;
  if (field.startsWith('context.')) return contextValue(field, facts.context);
  if (field === 'segment') return [...(facts.segments ?? [])].sort();
  return null;
}

/** A date as a day number: ISO dates (`2024-05-01`) or timestamps (the date part); anything else is null. */
function dayOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return null;
  const milliseconds = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(milliseconds) ? null : milliseconds / MILLISECONDS_PER_DAY;
}

/** Days from today until the date's month and day next recur (0 = today); Feb 29 counts as Feb 28 in other years. */
function daysUntilAnniversary(dateDay: number, today: number): number {
  const date = new Date(dateDay * MILLISECONDS_PER_DAY);
  const now = new Date(today * MILLISECONDS_PER_DAY);
  const occurrence = (year: number) => {
    const month = date.getUTCMonth();
    let day = date.getUTCDate();
    const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (month === 1 && day === 29 && !isLeap) day = 28;
    return Date.UTC(year, month, day) / MILLISECONDS_PER_DAY;
  };
  const thisYear = occurrence(now.getUTCFullYear());
  return thisYear >= today ? thisYear - today : occurrence(now.getUTCFullYear() + 1) - today;
}

function testDate(op: Operator, actual: unknown, expected: ConditionValue | undefined, today: number | null): boolean {
  const day = dayOf(actual);
  if (day === null) return false;
  if (op === 'before' || op === 'after') {
    const bound = dayOf(expected);
    return bound !== null && (op === 'before' ? day < bound : day > bound);
  }
  if (today === null || typeof expected !== 'number') return false;
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

export function testCondition(op: Operator, actual: unknown, expected: ConditionValue | undefined): boolean {
  switch (op) {
    case 'exists':
      return actual !== null && actual !== undefined && actual !== '';
    case 'not_exists':
      return actual === null || actual === undefined || actual === '';
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
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
    case 'not_contains':
      return !testCondition('contains', actual, expected);
    case 'starts_with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().startsWith(expected.toLowerCase());
    case 'before':
    case 'after':
    case 'within_next_days':
    case 'within_last_days':
    case 'anniversary_within_next_days':
      return testDate(op, actual, expected, null);
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

function evaluate(rule: Rule, facts: Facts, why: ConditionOutcome[]): boolean {
  if ('all' in rule) return rule.all.map((child) => evaluate(child, facts, why)).every(Boolean);
  if ('any' in rule) return rule.any.map((child) => evaluate(child, facts, why)).some(Boolean);
  if ('not' in rule) return !evaluate(rule.not, facts, why);
  const actual = readField(rule.field, facts, rule);
  const passed = DATE_OPERATORS.includes(rule.op) ? testDate(rule.op, actual, rule.value, todayOf(facts)) : testCondition(rule.op, actual, rule.value);
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

export function evaluateRule(rule: Rule, facts: Facts): RuleOutcome {
  const why: ConditionOutcome[] = [];
  const matched = evaluate(rule, facts, why);
  return { matched, why };
}

/** The segments a rule refers to through `segment` conditions. */
export function ruleDependencies(rule: Rule): string[] {
  const found = new Set<string>();
  const visit = (node: Rule) => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (node.field === 'segment') for (const key of asList(node.value)) found.add(String(key));
  };
  if (rule && typeof rule === 'object') visit(rule);
  return [...found];
}

const dependenciesOf = (definition: SegmentDefinition) => [...ruleDependencies(definition.rule), ...(definition.exclusions ?? [])];

/** A chain of segments that depend on each other in a circle (through `segment` conditions or exclusions), or null. */
export function findDependencyCycle(definitions: readonly SegmentDefinition[]): string[] | null {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    const definition = byKey.get(key);
    if (!definition) return null;
    state.set(key, 'visiting');
    path.push(key);
    for (const dependency of dependenciesOf(definition)) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    return null;
  };
  for (const definition of definitions) {
    const cycle = visit(definition.key);
    if (cycle) return cycle;
  }
  return null;
}

/** Keys of segments that depend on themselves, directly or through others. */
function keysInCycles(definitions: readonly SegmentDefinition[]): Set<string> {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const cyclic = new Set<string>();
  for (const start of definitions) {
    const seen = new Set<string>();
    const stack = [...dependenciesOf(start)];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (key === start.key) {
        cyclic.add(start.key);
        break;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const definition = byKey.get(key);
      if (definition) stack.push(...dependenciesOf(definition));
    }
  }
  return cyclic;
}

interface EvaluationPlan {
  byKey: Map<string, SegmentDefinition>;
  cyclic: Set<string>;
  dependencies: Map<string, string[]>;
}

/** What does not depend on the contact, worked out once per definitions list (decide reuses its cached list). */
const plans = new WeakMap<readonly SegmentDefinition[], EvaluationPlan>();

function planFor(definitions: readonly SegmentDefinition[]): EvaluationPlan {
  let plan = plans.get(definitions);
  if (!plan) {
    plan = {
      byKey: new Map(definitions.map((definition) => [definition.key, definition])),
      cyclic: keysInCycles(definitions),
      dependencies: new Map(definitions.map((definition) => [definition.key, ruleDependencies(definition.rule)])),
    };
    plans.set(definitions, plan);
  }
  return plan;
}

/**
 * Every definition's outcome for the facts. Segments are evaluated after the segments they depend on, so a
 * `segment` condition and an exclusion see the other segment's final membership; then, per lifecycle group, only
 * the highest-priority matching phase (ties: by key) is a member. A segment caught in a dependency cycle is never
 * a member.
 */
export function evaluateSegments(definitions: readonly SegmentDefinition[], facts: Facts): SegmentOutcome[] {
  const { byKey, cyclic, dependencies } = planFor(definitions);
  const outcomes = new Map<string, SegmentOutcome>();
  const members = new Set<string>(facts.segments ?? []);
  const inProgress = new Set<string>();
  const groupWinner = new Map<string, SegmentDefinition | null>();

  const winnerOf = (group: string): SegmentDefinition | null => {
    if (groupWinner.has(group)) return groupWinner.get(group)!;
    let winner: SegmentDefinition | null = null;
    for (const definition of definitions) {
      if (definition.lifecycleGroup !== group) continue;
      const outcome = resolve(definition.key);
      if (!outcome?.matched || outcome.excludedBy) continue;
      if (!winner || definition.priority > winner.priority || (definition.priority === winner.priority && definition.key < winner.key)) winner = definition;
    }
    groupWinner.set(group, winner);
    return winner;
  };

  function resolve(key: string): SegmentOutcome | null {
    const known = outcomes.get(key);
    if (known) return known;
    const definition = byKey.get(key);
    if (!definition || inProgress.has(key)) return null;
    if (cyclic.has(key)) {
      const outcome: SegmentOutcome = { key, name: definition.name, priority: definition.priority, matched: false, member: false, why: [] };
      outcomes.set(key, outcome);
      return outcome;
    }
    inProgress.add(key);
    for (const dependency of dependencies.get(key) ?? []) settle(dependency);
    const { matched, why } = evaluateRule(definition.rule, { ...facts, segments: members });
    const outcome: SegmentOutcome = { key, name: definition.name, priority: definition.priority, matched, member: matched, why };
    if (matched) {
      const excludedBy = (definition.exclusions ?? []).find((excluded) => settle(excluded));
      if (excludedBy) {
        outcome.member = false;
        outcome.excludedBy = excludedBy;
      }
    }
    outcomes.set(key, outcome);
    inProgress.delete(key);
    return outcome;
  }

  /** Final membership: resolved, and the winner of its lifecycle group. */
  function settle(key: string): boolean {
    const outcome = resolve(key);
    if (!outcome) return false;
    const group = byKey.get(key)?.lifecycleGroup;
    if (outcome.member && group) {
      const winner = winnerOf(group);
      if (winner && winner.key !== key) {
        outcome.member = false;
        outcome.supersededBy = winner.key;
      }
    }
    if (outcome.member) members.add(key);
    else members.delete(key);
    return outcome.member;
  }

  for (const definition of definitions) settle(definition.key);
  return definitions.map((definition) => outcomes.get(definition.key)!).filter(Boolean);
}

/** The segments the facts are in, highest priority first (then by key), each with its explanation. */
export function segmentsFor(definitions: readonly SegmentDefinition[], facts: Facts): SegmentMembership[] {
  return evaluateSegments(definitions, facts)
    .filter((outcome) => outcome.member)
    .map(({ key, name, priority, why }) => ({ key, name, priority, why }))
    .sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface RuleProblem {
  path: string;
  message: string;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; problems: RuleProblem[] };

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 100;

/** Checks an untrusted rule, naming each problem by its path (e.g. `all[1].op`). */
export interface ValidationOptions {
  /** outbound segments are computed without a request, so they may not use `context.*` */
  direction?: 'inbound' | 'outbound';
  /** when given, `segment` conditions must name one of these */
  knownSegments?: ReadonlySet<string>;
}

export function validateRule(candidate: unknown, options: ValidationOptions = {}): RuleValidation {
  const problems: RuleProblem[] = [];
  let conditions = 0;
  const visit = (node: unknown, path: string, depth: number) => {
    const here = path || 'rule';
    if (depth > MAX_DEPTH) return void problems.push({ path: here, message: `rules nest at most ${MAX_DEPTH} deep` });
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return void problems.push({ path: here, message: 'must be an object' });
    const keys = Object.keys(node);
    const record = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (group in record) {
        if (keys.length !== 1) return void problems.push({ path: here, message: `"${group}" must be the only key of its object` });
        const children = record[group];
        if (!Array.isArray(children) || children.length === 0) return void problems.push({ path: `${path}${path ? '.' : ''}${group}`, message: 'must be a non-empty list of rules' });
        children.forEach((child, index) => visit(child, `${path}${path ? '.' : ''}${group}[${index}]`, depth + 1));
        return;
      }
    }
    if ('not' in record) {
      if (keys.length !== 1) return void problems.push({ path: here, message: '"not" must be the only key of its object' });
      return visit(record.not, `${path}${path ? '.' : ''}not`, depth + 1);
    }
    conditions++;
    const prefix = path ? `${path}.` : '';
    const { field, op, value } = record;
    const isBehaviour = typeof field === 'string' && (BEHAVIOUR_FIELDS as readonly string[]).includes(field);
    const allowedKeys = isBehaviour ? ['field', 'op', 'value', 'event', 'category', 'days'] : ['field', 'op', 'value'];
    const unknownKeys = keys.filter((key) => !allowedKeys.includes(key));
    if (unknownKeys.length > 0) problems.push({ path: here, message: `unknown key ${unknownKeys.map((key) => `"${key}"`).join(', ')}; a condition is {${allowedKeys.join(', ')}}` });
    if (typeof field !== 'string' || !isKnownField(field)) {
      problems.push({
        path: `${prefix}field`,
        message: `unknown field ${JSON.stringify(field)}; use attributes.<name>, behaviour.count, behaviour.value, segment, context.<…> or one of ${[...RFM_FIELD_NAMES, ...DATE_FIELDS].join(', ')}`,
      });
    }
    if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
      return void problems.push({ path: `${prefix}op`, message: `unknown operator ${JSON.stringify(op)}; use one of ${OPERATORS.join(', ')}` });
    }
    if (typeof field === 'string' && field.startsWith('context.') && options.direction === 'outbound') {
      problems.push({ path: `${prefix}field`, message: `${field} describes the page being viewed, so only inbound segments may use it` });
    }
    if (isBehaviour) {
      if (typeof record.event !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/.test(record.event)) problems.push({ path: `${prefix}event`, message: 'needs the event type, e.g. "product_view"' });
      if (record.category !== undefined && (typeof record.category !== 'string' || record.category.trim() === '')) problems.push({ path: `${prefix}category`, message: 'must be a category name' });
      if (typeof record.days !== 'number' || !Number.isInteger(record.days) || record.days < 1 || record.days > 365) problems.push({ path: `${prefix}days`, message: 'needs the look-back in whole days, 1 to 365' });
    }
    if (field === 'segment') {
      if (op !== 'in' && op !== 'not_in') problems.push({ path: `${prefix}op`, message: 'segment conditions use in or not_in' });
      for (const key of asList(value as ConditionValue)) {
        if (typeof key !== 'string' || (options.knownSegments && !options.knownSegments.has(key))) {
          problems.push({ path: `${prefix}value`, message: `${JSON.stringify(key)} is not a segment of this workspace` });
        }
      }
      return;
    }
    const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
    if (DATE_OPERATORS.includes(op as Operator)) {
      if (op === 'before' || op === 'after') {
        if (typeof value !== 'string' || dayOf(value) === null) problems.push({ path: `${prefix}value`, message: `${op} needs an ISO date such as "2026-12-31"` });
      } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3660) {
        problems.push({ path: `${prefix}value`, message: `${op} needs a number of days, 0 to 3660` });
      }
    } else if (op === 'exists' || op === 'not_exists') {
      if (value !== undefined) problems.push({ path: `${prefix}value`, message: `${op} takes no value` });
    } else if (op === 'in' || op === 'not_in') {
      if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' || typeof item === 'number')) {
        problems.push({ path: `${prefix}value`, message: `${op} needs a non-empty list of strings or numbers` });
      }
    } else if (op === 'between') {
      if (!Array.isArray(value) || value.length !== 2 || !value.every((item) => typeof item === 'number' || typeof item === 'string') || typeof value[0] !== typeof value[1]) {
        problems.push({ path: `${prefix}value`, message: 'between needs [low, high] of the same type' });
      }
    } else if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
      if (typeof value !== 'number' && typeof value !== 'string') problems.push({ path: `${prefix}value`, message: `${op} needs a number or a string` });
    } else if (!scalar(value) && value !== null) {
      problems.push({ path: `${prefix}value`, message: `${op} needs a string, number or boolean` });
    }
  };
  visit(candidate, '', 0);
  if (conditions > MAX_CONDITIONS) problems.push({ path: 'rule', message: `at most ${MAX_CONDITIONS} conditions per rule` });
  return problems.length === 0 ? { ok: true, rule: candidate as Rule } : { ok: false, problems };
}

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
