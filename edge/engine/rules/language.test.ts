import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RfmState } from '../rfm/index.ts';
import { evaluateRule, evaluateSegments, findDependencyCycle, validateRule, type Condition, type Facts, type Rule, type SegmentDefinition } from './index.ts';
import cases from './language-cases.json' with { type: 'json' };

const facts: Facts = {
  rfm: { lastPurchaseAt: null, bands: { r: 0, f: 2, m: 2 }, ...cases.contact.rfm } as unknown as RfmState,
  attributes: cases.contact.attributes,
  behaviour: cases.contact.behaviour,
  context: cases.contact.context,
  today: cases.today,
};

describe('the rule language, from the case file', () => {
  for (const testCase of cases.conditions) {
    it(testCase.name, () => {
      expect(validateRule(testCase.condition, { direction: 'inbound' })).toMatchObject({ ok: true });
      const outcome = evaluateRule(testCase.condition as Condition, facts);
      expect(outcome.why).toEqual([expect.objectContaining({ field: testCase.condition.field, actual: testCase.actual, passed: testCase.passed })]);
      expect(outcome.matched).toBe(testCase.passed);
    });
  }
});

describe('segments with exclusions, lifecycle groups and dependencies', () => {
  for (const testCase of cases.segments) {
    it(testCase.name, () => {
      const definitions = testCase.definitions as SegmentDefinition[];
      const outcomes = evaluateSegments(definitions, facts);
      expect(outcomes.filter((outcome) => outcome.member).map((outcome) => outcome.key).sort()).toEqual(testCase.members);
      for (const [key, by] of Object.entries(testCase.excludedBy ?? {})) expect(outcomes.find((outcome) => outcome.key === key)?.excludedBy).toBe(by);
      for (const [key, by] of Object.entries(testCase.supersededBy ?? {})) expect(outcomes.find((outcome) => outcome.key === key)?.supersededBy).toBe(by);
      expect(findDependencyCycle(definitions) !== null).toBe(testCase.cycle === true);
    });
  }
});

describe('validation of the extended language', () => {
  for (const testCase of cases.invalid) {
    it(`refuses ${testCase.name}, naming ${testCase.path}`, () => {
      const validation = validateRule(testCase.rule, { direction: testCase.direction as 'outbound' | undefined, knownSegments: testCase.knownSegments ? new Set(testCase.knownSegments) : undefined });
      expect(validation.ok).toBe(false);
      if (!validation.ok) expect(validation.problems.map((problem) => problem.path)).toContain(testCase.path);
    });
  }
});

describe('invariants', () => {
  const condition = fc.record({
    field: fc.constantFrom('rfm.frequency', 'rfm.monetary', 'rfm.recency_days'),
    op: fc.constantFrom('gt', 'gte', 'lt', 'lte', 'eq', 'neq'),
    value: fc.integer({ min: -10, max: 60_000 }),
  }) as fc.Arbitrary<Condition>;

  it('not inverts matched', () => {
    fc.assert(
      fc.property(condition, (rule) => {
        expect(evaluateRule({ not: rule }, facts).matched).toBe(!evaluateRule(rule, facts).matched);
      }),
    );
  });

  it('between [a, b] is gte a and lte b', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60_000 }), (a, b) => {
        const between = evaluateRule({ field: 'rfm.monetary', op: 'between', value: [a, b] }, facts).matched;
        const both = evaluateRule({ all: [{ field: 'rfm.monetary', op: 'gte', value: a }, { field: 'rfm.monetary', op: 'lte', value: b }] } as Rule, facts).matched;
        expect(between).toBe(both);
      }),
    );
  });

  it('every date recurs within the next 365 days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 40_000 }), fc.integer({ min: 0, max: 40_000 }), (dateDay, today) => {
        const date = new Date(dateDay * 86_400_000).toISOString().slice(0, 10);
        expect(evaluateRule({ field: 'attributes.d', op: 'anniversary_within_next_days', value: 365 }, { ...facts, attributes: { d: date }, today }).matched).toBe(true);
      }),
    );
  });
});
