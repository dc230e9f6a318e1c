import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_FIELDS, CONTEXT_FIELDS, operatorsFor, RFM_DATE_FIELDS, RFM_FIELD_NAMES, validateRule, type Rule } from '../../../../edge/engine/rules/index.ts';
import { FIELD_ORDER } from './messages.ts';
import { asRootGroup, bandKeyProblems, changeOperator, conditionFor, drawable, formatValue, parseList, parseNumber, parseValue, problemsAt, replaceAt, toggleNot, unwrap, valueShape, type Group } from './rule-tree.ts';

const often = { field: 'rfm.f_band', op: 'eq', value: 'often' } as const;
const premium = { field: 'rfm.m_band', op: 'eq', value: 'premium' } as const;

describe('the builder model', () => {
  it('edits a group: a bare condition becomes the one child of an all', () => {
    expect(asRootGroup(often)).toEqual({ all: [often] });
    expect(asRootGroup({ any: [often] })).toEqual({ any: [often] });
  });

  it('replaces, removes and wraps nodes by their steps, keeping NOT wrappers on the way', () => {
    const root: Group = { all: [often, { not: { any: [premium, often] } }] };
    expect(replaceAt(root, [1, 0], () => ({ ...premium, value: 'average' }))).toEqual({ all: [often, { not: { any: [{ ...premium, value: 'average' }, often] } }] });
    expect(replaceAt(root, [1, 1], () => null)).toEqual({ all: [often, { not: { any: [premium] } }] });
    expect(replaceAt(root, [0], toggleNot)).toEqual({ all: [{ not: often }, root.all[1]] });
    expect(replaceAt(root, [1], toggleNot)).toEqual({ all: [often, { any: [premium, often] }] });
    expect(replaceAt(root, [7], () => null)).toBe(root);
    expect(root).toEqual({ all: [often, { not: { any: [premium, often] } }] });
  });

  it('unwraps double negation', () => {
    expect(unwrap({ not: { not: often } })).toEqual({ negated: false, node: often });
    expect(unwrap({ not: often })).toEqual({ negated: true, node: often });
  });

  it('knows what it can draw; the rest stays in the JSON tab', () => {
    expect(drawable({ all: [often, { not: { any: [premium] } }] })).toBe(true);
    expect(drawable({ all: 'often' })).toBe(false);
    expect(drawable([often])).toBe(false);
    expect(drawable({ all: [{ op: 'eq' }] })).toBe(false);
  });

  it('puts the engine’s problems on the row they belong to, with paths as validateRule writes them', () => {
    const rule: Rule = { all: [often, { not: { field: 'rfm.frequency', op: 'between', value: [5, 2] } }, { any: [] }] };
    const validation = validateRule(rule);
    expect(validation.ok).toBe(false);
    const problems = validation.ok ? [] : validation.problems;
    expect(problemsAt(problems, 'all[0]')).toEqual([]);
    expect(problemsAt(problems, 'all[1].not')).toEqual(['between needs low ≤ high']);
    expect(problemsAt(problems, 'all[2]', 'all[2].any')).toEqual(['must be a non-empty list of rules']);
  });
});

describe('conditions', () => {
  const bandKeys = ['occasional', 'regular', 'often'];

  it('starts a field with a fitting operator and a value validation accepts', () => {
    for (const field of FIELD_ORDER) {
      const options = field === 'rfm.f_band' ? bandKeys : field === 'segment' ? ['vips'] : field === 'context.device' ? ['mobile'] : field === 'rfm.named' ? ['champions'] : null;
      const condition = conditionFor(field, options);
      expect(operatorsFor(field)).toContain(condition.op);
      if (!field.startsWith('context.')) {
        expect(validateRule(condition, { knownSegments: new Set(['vips']) }), field).toMatchObject({ ok: true });
      }
    }
    expect(conditionFor('behaviour.count', null)).toEqual({ field: 'behaviour.count', op: 'gte', value: 1, event: 'product_view', days: 30 });
    expect(conditionFor('rfm.monetary', null)).toEqual({ field: 'rfm.monetary', op: 'gte', value: 10_000 });
    expect(conditionFor('rfm.f_band', bandKeys)).toEqual({ field: 'rfm.f_band', op: 'eq', value: 'occasional' });
  });

  it('keeps the value when the operator changes within a shape, converts one value and a list, else starts afresh', () => {
    expect(changeOperator({ field: 'rfm.frequency', op: 'gte', value: 3 }, 'lt', null)).toEqual({ field: 'rfm.frequency', op: 'lt', value: 3 });
    expect(changeOperator(often, 'in', bandKeys)).toEqual({ ...often, op: 'in', value: ['often'] });
    expect(changeOperator({ ...often, op: 'in', value: ['regular', 'often'] }, 'neq', bandKeys)).toEqual({ ...often, op: 'neq', value: 'regular' });
    expect(changeOperator(often, 'exists', bandKeys)).toEqual({ field: 'rfm.f_band', op: 'exists' });
    expect(changeOperator({ field: 'rfm.frequency', op: 'gte', value: 3 }, 'between', null)).toEqual({ field: 'rfm.frequency', op: 'between', value: [0, 10] });
    expect(valueShape('rfm.last_purchase_date', 'eq')).toBe('date');
    expect(valueShape('attributes.birthday', 'anniversary_within_next_days')).toBe('days');
  });

  it('offers every field the engine knows, and only those', () => {
    expect([...FIELD_ORDER].sort()).toEqual([...RFM_FIELD_NAMES, ...RFM_DATE_FIELDS, ...BEHAVIOUR_FIELDS, 'segment', ...CONTEXT_FIELDS].sort());
  });
});

describe('typed values', () => {
  it('reads numbers, money in major units, lists and attribute values', () => {
    expect(parseNumber(' 12,5 ')).toBe(12.5);
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber('abc')).toBeUndefined();
    expect(parseNumber('19.99', 100)).toBe(1999);
    expect(parseValue('7', 'rfm.frequency')).toBe(7);
    expect(parseValue('7', 'context.path')).toBe('7');
    expect(parseValue('41', 'attributes.age')).toBe(41);
    expect(parseValue('true', 'attributes.newsletter')).toBe(true);
    expect(parseValue('Berlin', 'attributes.city')).toBe('Berlin');
    expect(parseList('often, regular,', 'rfm.f_band')).toEqual(['often', 'regular']);
    expect(parseList('1, 2.5', 'rfm.monetary', 100)).toEqual([100, 250]);
    expect(formatValue([100, 250], 100)).toBe('1, 2.5');
    expect(formatValue(undefined)).toBe('');
  });

  it('names band keys the workspace does not have, at the path validateRule would use', () => {
    const keysOf = (field: string) => (field === 'rfm.f_band' ? ['rarely', 'sometimes', 'often'] : undefined);
    const rule = { all: [often, { not: { any: [premium, { field: 'rfm.f_band', op: 'in', value: ['often', 'oftn'] }] } }] };
    expect(bandKeyProblems(rule, keysOf)).toEqual([{ path: 'all[1].not.any[1]', message: '"oftn" is not a band of rfm.f_band; use one of rarely, sometimes, often' }]);
    expect(bandKeyProblems({ ...often, value: 'never' }, keysOf)).toHaveLength(1);
    expect(bandKeyProblems({ all: [often, premium] }, keysOf)).toEqual([]);
    // the same path string the builder looks problems up by
    expect(problemsAt(bandKeyProblems(rule, keysOf), 'all[1].not.any[1]')).toHaveLength(1);
  });
});
