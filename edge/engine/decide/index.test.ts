import { describe, expect, it } from 'vitest';
import cases from './cases.json' with { type: 'json' };
import { chooseVariants, type ContentRule } from './index.ts';

describe('content decisions from the case file', () => {
  for (const testCase of cases.cases) {
    it(testCase.name, () => {
      const chosen = chooseVariants(cases.rules as ContentRule[], new Set(testCase.segments), 'slots' in testCase ? testCase.slots : undefined, testCase.now);
      expect(Object.fromEntries(Object.entries(chosen).map(([slot, variant]) => [slot, variant.variantId]))).toEqual(testCase.expect);
    });
  }
});
