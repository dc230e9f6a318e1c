import { describe, expect, it } from 'vitest';
import { DEFAULT_RFM_CONFIG, NAMED_SEGMENTS, type RfmState } from '../rfm/index.ts';
import cases from './cases.json' with { type: 'json' };
import { evaluateRule, presetSegments, segmentsFor, validateRule, type Facts, type Rule } from './index.ts';

function factsOf(name: string): Facts {
  const contact = cases.contacts[name as keyof typeof cases.contacts];
  const rfm = { firstPurchaseAt: null, lastPurchaseAt: null, lastPurchaseDay: null, bands: { r: 0, f: 0, m: 0 }, ...contact.rfm } as unknown as RfmState;
  return { rfm, attributes: contact.attributes };
}

describe('rules from the case file', () => {
  for (const testCase of cases.cases) {
    it(testCase.name, () => {
      expect(validateRule(testCase.rule)).toMatchObject({ ok: true });
      const outcome = evaluateRule(testCase.rule as Rule, factsOf(testCase.contact));
      expect(outcome.matched).toBe(testCase.matched);
      if ('why' in testCase) expect(outcome.why).toEqual(testCase.why);
    });
  }
});

describe('rule validation', () => {
  for (const testCase of cases.invalid) {
    it(`refuses ${testCase.name}, naming ${testCase.path}`, () => {
      const validation = validateRule(testCase.rule);
      expect(validation.ok).toBe(false);
      if (!validation.ok) expect(validation.problems.map((problem) => problem.path)).toContain(testCase.path);
    });
  }
});

describe('preset segments', () => {
  const presets = presetSegments(DEFAULT_RFM_CONFIG);

  it('include the eleven named segments and the band pairs and triple, all valid', () => {
    expect(presets.map((preset) => preset.key)).toEqual(
      expect.arrayContaining([...NAMED_SEGMENTS.map((segment) => segment.key), 'often_premium', 'short_often', 'long_premium', 'short_often_premium']),
    );
    for (const preset of presets) expect(validateRule(preset.rule), preset.key).toMatchObject({ ok: true });
    expect(new Set(presets.map((preset) => preset.key)).size).toBe(presets.length);
  });

  it('place a contact in exactly one named segment and list memberships by priority', () => {
    const memberships = segmentsFor(presets, factsOf('premiumRegular'));
    expect(memberships.map((membership) => membership.key)).toEqual(['short_often_premium', 'often_premium', 'short_often', 'champions']);
    expect(memberships[0]!.why).toHaveLength(3);
    expect(segmentsFor(presets, factsOf('neverBought'))).toEqual([]);
  });
});
