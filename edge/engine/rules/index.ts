/**
 * Rule segments: a small JSON language (`all` / `any` / `not` over `{field, op, value}` conditions) evaluated
 * against a contact's facts, with an explanation of every condition — what it asked, the actual value, and
 * whether it held. Pure: the edge, the tests and the admin widget's previews all run this same code.
 */
import { NAMED_SEGMENTS, type RfmConfig, type RfmState } from '../rfm/index.ts';

export const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'exists', 'not_exists'] as const;
export type Operator = (typeof OPERATORS)[number];

export type ConditionValue = string | number | boolean | null | readonly (string | number)[];

export interface Condition {
  field: string;
  op: Operator;
  value?: ConditionValue;
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
  /** the page's request context at decide time (url, referrer, …) */
  context?: Readonly<Record<string, string | undefined>>;
}

export interface ConditionOutcome {
  field: string;
  op: Operator;
  value?: ConditionValue;
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

export function isKnownField(field: string): boolean {
  return field in RFM_FIELDS || ATTRIBUTE_FIELD.test(field);
}

export function readField(field: string, facts: Facts): unknown {
  const rfmField = RFM_FIELDS[field];
  if (rfmField) return rfmField(facts.rfm);
  if (field.startsWith('attributes.')) {
    let current: unknown = facts.attributes;
    for (const part of field.slice('attributes.'.length).split('.')) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
      current = (current as Record<string, unknown>)[part];
    }
    return current ?? null;
  }
  return null;
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
      return Array.isArray(expected) && expected.some((candidate) => sameValue(actual, candidate));
    case 'not_in':
      return Array.isArray(expected) && !expected.some((candidate) => sameValue(actual, candidate));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => sameValue(item, expected));
      return typeof actual === 'string' && typeof expected === 'string' && actual.toLowerCase().includes(expected.toLowerCase());
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
  const actual = readField(rule.field, facts);
  const passed = testCondition(rule.op, actual, rule.value);
  why.push(rule.value === undefined ? { field: rule.field, op: rule.op, actual, passed } : { field: rule.field, op: rule.op, value: rule.value, actual, passed });
  return passed;
}

export function evaluateRule(rule: Rule, facts: Facts): RuleOutcome {
  const why: ConditionOutcome[] = [];
  const matched = evaluate(rule, facts, why);
  return { matched, why };
}

/** The segments the facts are in, highest priority first (then by key), each with its explanation. */
export function segmentsFor(definitions: readonly SegmentDefinition[], facts: Facts): SegmentMembership[] {
  const memberships: SegmentMembership[] = [];
  for (const definition of definitions) {
    const { matched, why } = evaluateRule(definition.rule, facts);
    if (matched) memberships.push({ key: definition.key, name: definition.name, priority: definition.priority, why });
  }
  return memberships.sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface RuleProblem {
  path: string;
  message: string;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; problems: RuleProblem[] };

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 100;

/** Checks an untrusted rule, naming each problem by its path (e.g. `all[1].op`). */
export function validateRule(candidate: unknown): RuleValidation {
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
    const unknownKeys = keys.filter((key) => key !== 'field' && key !== 'op' && key !== 'value');
    if (unknownKeys.length > 0) problems.push({ path: here, message: `unknown key ${unknownKeys.map((key) => `"${key}"`).join(', ')}; a rule is all, any, not or a condition {field, op, value}` });
    const { field, op, value } = record;
    if (typeof field !== 'string' || !isKnownField(field)) {
      problems.push({ path: `${prefix}field`, message: `unknown field ${JSON.stringify(field)}; use one of ${RFM_FIELD_NAMES.join(', ')} or attributes.<name>` });
    }
    if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
      return void problems.push({ path: `${prefix}op`, message: `unknown operator ${JSON.stringify(op)}; use one of ${OPERATORS.join(', ')}` });
    }
    const scalar = (item: unknown) => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
    if (op === 'exists' || op === 'not_exists') {
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
