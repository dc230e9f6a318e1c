import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RFM_CONFIG, NAMED_SEGMENTS, type RfmState } from '../rfm/index.ts';
import caseFile from './cases.json' with { type: 'json' };
import {
  BEHAVIOUR_FIELDS,
  CONTEXT_FIELDS,
  OPERATORS,
  RFM_DATE_FIELDS,
  RFM_FIELD_NAMES,
  RULE_LANGUAGE_VERSION,
  daysUntilAnniversary,
  dayNumberOf,
  evaluateRule,
  evaluateSegments,
  findDependencyCycle,
  operatorsFor,
  presetSegments,
  readField,
  ruleDependencies,
  segmentsFor,
  testCondition,
  validateRule,
  type BehaviourEntry,
  type Condition,
  type ConditionOutcome,
  type Facts,
  type RequestContext,
  type Rule,
  type SegmentDefinition,
  type SegmentOutcome,
} from './index.ts';

interface ContactCase {
  rfm: Record<string, unknown>;
  attributes: Record<string, unknown>;
  behaviour?: BehaviourEntry[];
  context?: RequestContext;
  segments?: string[];
  today?: number;
}
interface CaseFile {
  contacts: Record<string, ContactCase>;
  cases: { name: string; contact: string; rule: unknown; matched: boolean; why?: ConditionOutcome[] }[];
  segments: {
    name: string;
    contact: string;
    definitions: SegmentDefinition[];
    members: string[];
    excludedBy?: Record<string, string>;
    supersededBy?: Record<string, string>;
    matched?: Record<string, boolean>;
    why?: Record<string, ConditionOutcome[]>;
    cycle?: boolean;
    cycles?: Record<string, string[]>;
  }[];
  invalid: { name: string; rule: unknown; path: string; message?: string; direction?: 'inbound' | 'outbound'; knownSegments?: string[] }[];
  valid: { name: string; rule: unknown; direction?: 'inbound' | 'outbound'; knownSegments?: string[] }[];
}
const cases = caseFile as unknown as CaseFile;

const DAY = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

function factsOf(name: string): Facts {
  const contact = cases.contacts[name];
  if (!contact) throw new Error(`no contact ${name}`);
  const rfm = { firstPurchaseAt: null, lastPurchaseAt: null, lastPurchaseDay: null, bands: { r: 0, f: 0, m: 0 }, ...contact.rfm } as unknown as RfmState;
  const facts: Facts = { rfm, attributes: contact.attributes };
  if (contact.behaviour) facts.behaviour = contact.behaviour;
  if (contact.context) facts.context = contact.context;
  if (contact.segments) facts.segments = new Set(contact.segments);
  if (contact.today !== undefined) facts.today = contact.today;
  return facts;
}

const optionsOf = (testCase: { direction?: 'inbound' | 'outbound'; knownSegments?: string[] }) => ({
  direction: testCase.direction,
  knownSegments: testCase.knownSegments ? new Set(testCase.knownSegments) : undefined,
});

describe('rules from the case file', () => {
  for (const testCase of cases.cases) {
    it(testCase.name, () => {
      expect(validateRule(testCase.rule, { direction: 'inbound' })).toMatchObject({ ok: true });
      const outcome = evaluateRule(testCase.rule as Rule, factsOf(testCase.contact));
      expect(outcome.matched).toBe(testCase.matched);
      if (testCase.why) expect(outcome.why).toEqual(testCase.why);
    });
  }
});

describe('segments from the case file', () => {
  for (const testCase of cases.segments) {
    it(testCase.name, () => {
      const outcomes = evaluateSegments(testCase.definitions, factsOf(testCase.contact));
      const byKey = new Map(outcomes.map((outcome) => [outcome.key, outcome]));
      expect(outcomes.map((outcome) => outcome.key)).toEqual(testCase.definitions.map((definition) => definition.key));
      expect(outcomes.filter((outcome) => outcome.member).map((outcome) => outcome.key).sort()).toEqual(testCase.members);
      for (const outcome of outcomes) {
        expect(outcome.excludedBy, `${outcome.key} excludedBy`).toBe(testCase.excludedBy?.[outcome.key]);
        expect(outcome.supersededBy, `${outcome.key} supersededBy`).toBe(testCase.supersededBy?.[outcome.key]);
      }
      for (const [key, matched] of Object.entries(testCase.matched ?? {})) expect(byKey.get(key)?.matched, key).toBe(matched);
      for (const [key, why] of Object.entries(testCase.why ?? {})) expect(byKey.get(key)?.why, key).toEqual(why);
      for (const [key, cycle] of Object.entries(testCase.cycles ?? {})) expect(byKey.get(key)?.cycle, key).toEqual(cycle);
      const cycle = findDependencyCycle(testCase.definitions);
      expect(cycle !== null).toBe(testCase.cycle === true);
      if (cycle) expect(cycle[0]).toBe(cycle[cycle.length - 1]);
      expect(outcomes.some((outcome) => outcome.cycle !== undefined)).toBe(testCase.cycle === true);
      // segmentsFor: the members, by priority then key
      const members = segmentsFor(testCase.definitions, factsOf(testCase.contact));
      expect(members.map((member) => member.key).sort()).toEqual(testCase.members);
      expect(members).toEqual([...members].sort((a, b) => b.priority - a.priority || a.key.localeCompare(b.key)));
    });
  }
});

describe('rule validation', () => {
  for (const testCase of cases.invalid) {
    it(`refuses ${testCase.name}, naming ${testCase.path}`, () => {
      const validation = validateRule(testCase.rule, optionsOf(testCase));
      expect(validation.ok).toBe(false);
      if (validation.ok) return;
      const problem = validation.problems.find((candidate) => candidate.path === testCase.path);
      expect(problem, JSON.stringify(validation.problems)).toBeDefined();
      if (testCase.message) expect(problem!.message).toContain(testCase.message);
    });
  }
  for (const testCase of cases.valid) {
    it(`accepts ${testCase.name}`, () => {
      expect(validateRule(testCase.rule, optionsOf(testCase))).toEqual({ ok: true, rule: testCase.rule });
    });
  }

  it('refuses what is fine inbound once the segment is outbound', () => {
    const rule = { field: 'context.utm_source', op: 'eq', value: 'ads' };
    expect(validateRule(rule, { direction: 'inbound' }).ok).toBe(true);
    expect(validateRule(rule, { direction: 'outbound' })).toMatchObject({ ok: false, problems: [{ path: 'field', message: expect.stringContaining('inbound') }] });
  });

  it('reports every problem, not just the first', () => {
    const validation = validateRule({ all: [{ field: 'rfm.nope', op: 'eq', value: 1 }, { field: 'behaviour.count', op: 'gte', value: 'x' }] });
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.problems.map((problem) => problem.path).sort()).toEqual(['all[0].field', 'all[1].days', 'all[1].event', 'all[1].value']);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('inbound' as const, 'outbound' as const), (candidate, direction) => {
        const validation = validateRule(candidate, { direction });
        if (validation.ok) evaluateRule(validation.rule, factsOf('shopper'));
      }),
    );
  });

  it('offers per field only the operators that fit it', () => {
    expect(operatorsFor('rfm.frequency')).not.toContain('contains');
    expect(operatorsFor('rfm.last_purchase_date')).toContain('anniversary_within_next_days');
    expect(operatorsFor('segment')).toEqual(['in', 'not_in']);
    expect(operatorsFor('attributes.anything')).toEqual(OPERATORS);
    expect(operatorsFor('nope')).toEqual([]);
    for (const field of CONTEXT_FIELDS) expect(operatorsFor(field)).toContain('starts_with');
  });
});

describe('preset segments', () => {
  const presets = presetSegments(DEFAULT_RFM_CONFIG);

  it('include the eleven named segments and the band pairs and triple, all valid', () => {
    expect(presets.map((preset) => preset.key)).toEqual(
      expect.arrayContaining([...NAMED_SEGMENTS.map((segment) => segment.key), 'often_premium', 'short_often', 'long_premium', 'short_often_premium']),
    );
    for (const preset of presets) expect(validateRule(preset.rule, { direction: 'outbound' }), preset.key).toMatchObject({ ok: true });
    expect(new Set(presets.map((preset) => preset.key)).size).toBe(presets.length);
    expect(findDependencyCycle(presets)).toBeNull();
  });

  it('place a contact in exactly one named segment and list memberships by priority', () => {
    const memberships = segmentsFor(presets, factsOf('premiumRegular'));
    expect(memberships.map((membership) => membership.key)).toEqual(['short_often_premium', 'often_premium', 'short_often', 'champions']);
    expect(memberships[0]!.why).toHaveLength(3);
    expect(segmentsFor(presets, factsOf('neverBought'))).toEqual([]);
  });
});

describe('the language', () => {
  it('is version 1', () => expect(RULE_LANGUAGE_VERSION).toBe(1));

  it('is documented in LANGUAGE.md: every field and operator', () => {
    const documentation = readFileSync(new URL('./LANGUAGE.md', import.meta.url), 'utf8');
    for (const name of [...OPERATORS, ...RFM_FIELD_NAMES, ...RFM_DATE_FIELDS, ...BEHAVIOUR_FIELDS, ...CONTEXT_FIELDS, 'attributes.', 'segment']) {
      expect(documentation, name).toContain(`\`${name}`);
    }
  });

  it('lists the segments a rule depends on, once each', () => {
    expect(ruleDependencies({ any: [{ field: 'segment', op: 'in', value: ['a', 'b'] }, { not: { field: 'segment', op: 'not_in', value: 'a' } }, { field: 'rfm.frequency', op: 'gt', value: 1 }] })).toEqual(['a', 'b']);
  });

  it('reads behaviour only with its condition', () => {
    expect(readField('behaviour.count', factsOf('shopper'))).toBeNull();
    expect(readField('behaviour.count', factsOf('shopper'), { field: 'behaviour.count', op: 'gt', value: 0, event: 'page_view', days: 1 })).toBe(6);
  });

  it('tests date operators that count from today only with a today', () => {
    expect(testCondition('within_next_days', '2024-10-05', 1)).toBe(false);
    expect(testCondition('within_next_days', '2024-10-05', 1, 20000)).toBe(true);
    expect(testCondition('before', '2024-10-05', '2024-10-06')).toBe(true);
  });

  it('reads ISO dates and the date part of timestamps, and nothing else', () => {
    expect(dayNumberOf('2024-10-04')).toBe(20000);
    expect(dayNumberOf('2024-10-04T23:59:59-08:00')).toBe(20000);
    expect(dayNumberOf('0024-02-29')).not.toBeNull();
    for (const notADate of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-10-041', '04.10.2024', '', 20000, null]) expect(dayNumberOf(notADate), String(notADate)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

const shopper = factsOf('shopper');

const conditionPool: Condition[] = [
  { field: 'rfm.frequency', op: 'gte', value: 3 },
  { field: 'rfm.named', op: 'in', value: ['champions', 'lost'] },
  { field: 'attributes.tags', op: 'contains', value: 'vip' },
  { field: 'attributes.missing', op: 'exists' },
  { field: 'attributes.birthday', op: 'anniversary_within_next_days', value: 7 },
  { field: 'behaviour.count', op: 'gt', value: 5, event: 'product_view', days: 30 },
  { field: 'context.device', op: 'eq', value: 'desktop' },
  { field: 'segment', op: 'in', value: 'vips' },
];
const rules: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...conditionPool),
    fc.record({ all: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('rule') }),
  ),
})).rule;

function conditionsOf(rule: Rule): number {
  if ('all' in rule) return rule.all.reduce((sum, child) => sum + conditionsOf(child), 0);
  if ('any' in rule) return rule.any.reduce((sum, child) => sum + conditionsOf(child), 0);
  if ('not' in rule) return conditionsOf(rule.not);
  return 1;
}

describe('properties of rules', () => {
  it('not inverts matched and keeps the explanation', () => {
    fc.assert(
      fc.property(rules, (rule) => {
        const plain = evaluateRule(rule, shopper);
        const negated = evaluateRule({ not: rule }, shopper);
        expect(negated.matched).toBe(!plain.matched);
        expect(negated.why).toEqual(plain.why);
      }),
    );
  });

  it('all is every, any is some, and every condition is explained', () => {
    fc.assert(
      fc.property(fc.array(rules, { minLength: 1, maxLength: 4 }), (children) => {
        const each = children.map((child) => evaluateRule(child, shopper).matched);
        expect(evaluateRule({ all: children }, shopper).matched).toBe(each.every(Boolean));
        expect(evaluateRule({ any: children }, shopper).matched).toBe(each.some(Boolean));
        expect(evaluateRule({ all: children }, shopper).why).toHaveLength(children.reduce((sum, child) => sum + conditionsOf(child), 0));
      }),
    );
  });

  it('between [a, b] is gte a and lte b', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 60_000 }), fc.integer({ min: -10, max: 60_000 }), fc.constantFrom('rfm.monetary', 'rfm.recency_days', 'attributes.score', 'attributes.age'), (a, b, field) => {
        const between = evaluateRule({ field, op: 'between', value: [a, b] }, shopper).matched;
        const both = evaluateRule({ all: [{ field, op: 'gte', value: a }, { field, op: 'lte', value: b }] }, shopper).matched;
        expect(between).toBe(both);
      }),
    );
  });

  const values = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 })), { maxLength: 3 }));
  const scalars = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -3, max: 3 }));

  it('negated operators are exact opposites, and in [x] is eq x for scalars', () => {
    fc.assert(
      fc.property(values, scalars, (actual, expected) => {
        expect(testCondition('neq', actual, expected)).toBe(!testCondition('eq', actual, expected));
        expect(testCondition('not_in', actual, [expected])).toBe(!testCondition('in', actual, [expected]));
        expect(testCondition('not_contains', actual, expected)).toBe(!testCondition('contains', actual, expected));
        expect(testCondition('not_exists', actual, undefined)).toBe(!testCondition('exists', actual, undefined));
        if (!Array.isArray(actual)) expect(testCondition('in', actual, [expected])).toBe(testCondition('eq', actual, expected));
      }),
    );
  });

  const days = fc.integer({ min: -100_000, max: 100_000 });

  it('every date recurs within the next 365 days', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -20_000, max: 60_000 }), (dateDay, today) => {
        expect(evaluateRule({ field: 'attributes.d', op: 'anniversary_within_next_days', value: 365 }, { ...shopper, attributes: { d: isoDay(dateDay) }, today }).matched).toBe(true);
      }),
    );
  });

  it('an anniversary is today exactly when month and day agree (29 February on 28 February in other years)', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: -20_000, max: 60_000 }), (dateDay, today) => {
        const date = new Date(dateDay * DAY);
        const now = new Date(today * DAY);
        const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        const isLeapDay = date.getUTCMonth() === 1 && date.getUTCDate() === 29;
        const expected = isLeapDay && !leap(now.getUTCFullYear())
          ? now.getUTCMonth() === 1 && now.getUTCDate() === 28
          : now.getUTCMonth() === date.getUTCMonth() && now.getUTCDate() === date.getUTCDate();
        expect(daysUntilAnniversary(dateDay, today) === 0).toBe(expected);
        // and the count is consistent: N days later it is the anniversary
        const until = daysUntilAnniversary(dateDay, today);
        expect(daysUntilAnniversary(dateDay, today + until)).toBe(0);
        for (let earlier = 0; earlier < Math.min(until, 3); earlier++) expect(daysUntilAnniversary(dateDay, today + earlier)).toBe(until - earlier);
      }),
    );
  });

  it('within_next_days and within_last_days are the day windows [today, today + N] and [today - N, today]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 19_000, max: 21_000 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 19_500, max: 20_500 }), (dateDay, n, today) => {
        const facts = { ...shopper, attributes: { d: `${isoDay(dateDay)}T12:00:00Z` }, today };
        expect(evaluateRule({ field: 'attributes.d', op: 'within_next_days', value: n }, facts).matched).toBe(dateDay >= today && dateDay <= today + n);
        expect(evaluateRule({ field: 'attributes.d', op: 'within_last_days', value: n }, facts).matched).toBe(dateDay <= today && dateDay >= today - n);
      }),
    );
  });

  it('a date is before, after or on another, exactly one of them', () => {
    fc.assert(
      fc.property(days, days, (a, b) => {
        const before = testCondition('before', isoDay(a), isoDay(b));
        const after = testCondition('after', isoDay(a), isoDay(b));
        expect([before, after, a === b].filter(Boolean)).toHaveLength(1);
      }),
    );
  });

  const behaviour = fc.array(
    fc.record({ day: fc.integer({ min: 19_900, max: 20_010 }), eventKey: fc.constantFrom('page_view', 'product_view', 'product_view:category=shoes'), count: fc.nat(5), value: fc.nat(10_000) }),
    { maxLength: 30 },
  );

  it('behaviour sums over [today - days + 1, today]: windows add up and never shrink', () => {
    fc.assert(
      fc.property(behaviour, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 165 }), (entries, first, more) => {
        const facts = { ...shopper, behaviour: entries, today: 20_000 };
        const total = (field: string, windowDays: number) => readField(field, facts, { field, op: 'gte', value: 0, event: 'product_view', days: windowDays }) as number;
        for (const field of ['behaviour.count', 'behaviour.value']) {
          const expected = entries
            .filter((entry) => entry.eventKey === 'product_view' && entry.day <= 20_000 && entry.day > 20_000 - first)
            .reduce((sum, entry) => sum + (field === 'behaviour.count' ? entry.count : entry.value), 0);
          expect(total(field, first)).toBe(expected);
          expect(total(field, first + more)).toBeGreaterThanOrEqual(expected);
        }
      }),
    );
  });

  it('context never throws, whatever the url', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })), (url) => {
        for (const field of CONTEXT_FIELDS) readField(field, { ...shopper, context: { url } });
      }),
      { numRuns: 50 },
    );
  });
});

// Random segment definitions over a few keys: rules on attribute flags and on other segments, exclusions,
// lifecycle groups, equal priorities — cycles included.
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const flagCondition = fc.constantFrom<Rule>(
  { field: 'attributes.x', op: 'eq', value: true },
  { field: 'attributes.y', op: 'eq', value: true },
  { field: 'attributes.z', op: 'neq', value: true },
);
const segmentCondition = fc.record({ field: fc.constant('segment'), op: fc.constantFrom('in' as const, 'not_in' as const), value: fc.subarray(KEYS, { minLength: 1, maxLength: 2 }) }) as fc.Arbitrary<Rule>;
const segmentRule = fc.oneof(
  flagCondition,
  segmentCondition,
  fc.record({ all: fc.array(fc.oneof(flagCondition, segmentCondition), { minLength: 1, maxLength: 3 }) }),
  fc.record({ any: fc.array(fc.oneof(flagCondition, segmentCondition), { minLength: 1, maxLength: 3 }) }),
);
const definitionSets = fc.subarray(KEYS, { minLength: 1 }).chain((keys) =>
  fc.tuple(
    ...keys.map((key) =>
      fc.record({
        key: fc.constant(key),
        name: fc.constant(key.toUpperCase()),
        priority: fc.integer({ min: 0, max: 3 }),
        rule: fc.oneof({ weight: 2, arbitrary: flagCondition }, { weight: 3, arbitrary: segmentRule }),
        exclusions: fc.subarray(keys.filter((other) => other !== key), { maxLength: Math.min(2, keys.length - 1) }),
        lifecycleGroup: fc.constantFrom(null, 'g', 'h'),
      }),
    ),
  ),
) as fc.Arbitrary<SegmentDefinition[]>;
const flagFacts = fc.record({ x: fc.boolean(), y: fc.boolean(), z: fc.boolean() }).map((attributes): Facts => ({ ...factsOf('neverBought'), attributes, today: 20_000 }));

const outranks = (a: SegmentDefinition, b: SegmentDefinition) => a.priority > b.priority || (a.priority === b.priority && a.key < b.key);
const summary = (outcomes: SegmentOutcome[]) => Object.fromEntries(outcomes.map((outcome) => [outcome.key, outcome]));

describe('properties of segment evaluation', () => {
  it('does not depend on the order of the definitions', () => {
    fc.assert(
      fc.property(definitionSets.chain((definitions) => fc.tuple(fc.constant(definitions), fc.shuffledSubarray(definitions, { minLength: definitions.length }))), flagFacts, ([definitions, shuffled], facts) => {
        expect(summary(evaluateSegments(shuffled, facts))).toEqual(summary(evaluateSegments(definitions, facts)));
        expect(segmentsFor(shuffled, facts)).toEqual(segmentsFor(definitions, facts));
      }),
    );
  });

  it('without a cycle, memberships are a fixed point: rules see final memberships, exclusions and groups hold', () => {
    fc.assert(
      fc.property(definitionSets, flagFacts, (definitions, facts) => {
        const outcomes = evaluateSegments(definitions, facts);
        const cycle = findDependencyCycle(definitions);
        expect(cycle === null).toBe(outcomes.every((outcome) => outcome.cycle === undefined));
        if (cycle !== null) return;
        const members = new Set(outcomes.filter((outcome) => outcome.member).map((outcome) => outcome.key));
        const byKey = new Map(outcomes.map((outcome) => [outcome.key, outcome]));
        for (const definition of definitions) {
          const outcome = byKey.get(definition.key)!;
          expect(outcome.matched).toBe(evaluateRule(definition.rule, { ...facts, segments: members }).matched);
          const excluded = (definition.exclusions ?? []).some((key) => members.has(key));
          const eligible = (other: SegmentDefinition) => byKey.get(other.key)!.matched && !(other.exclusions ?? []).some((key) => members.has(key));
          const outranked = definition.lifecycleGroup
            ? definitions.some((other) => other !== definition && other.lifecycleGroup === definition.lifecycleGroup && outranks(other, definition) && eligible(other))
            : false;
          expect(outcome.member).toBe(outcome.matched && !excluded && !outranked);
          if (outcome.excludedBy) expect(members.has(outcome.excludedBy)).toBe(true);
          if (outcome.supersededBy) expect(members.has(outcome.supersededBy)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never loops, never puts a segment of a cycle in, and keeps one phase per lifecycle group', () => {
    fc.assert(
      fc.property(definitionSets, flagFacts, (definitions, facts) => {
        const outcomes = evaluateSegments(definitions, facts);
        expect(outcomes).toHaveLength(definitions.length);
        for (const outcome of outcomes) if (outcome.cycle) expect(outcome.member).toBe(false);
        for (const group of ['g', 'h']) {
          const phases = outcomes.filter((outcome, index) => outcome.member && definitions[index]!.lifecycleGroup === group);
          expect(phases.length).toBeLessThanOrEqual(1);
        }
        const cycle = findDependencyCycle(definitions);
        if (cycle) for (const key of cycle) expect(outcomes.find((outcome) => outcome.key === key)?.cycle).toContain(key);
      }),
    );
  });
});
