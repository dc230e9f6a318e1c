import { describe, expect, it } from 'vitest';
import { checkDraft, segmentBody, suggestKey, type SegmentDraft } from './form.ts';

const draft: SegmentDraft = { key: 'vip_fans', name: 'VIP fans', direction: 'inbound', priority: '0', lifecycleGroup: '' };
const taken = new Set(['champions']);

describe('the segment form', () => {
  it('accepts a complete draft', () => {
    expect(checkDraft(draft, true, taken)).toEqual({});
  });

  it('names each problem beside its field', () => {
    expect(checkDraft({ ...draft, name: '  ' }, true, taken)).toEqual({ name: 'required' });
    expect(checkDraft({ ...draft, key: '' }, true, taken)).toEqual({ key: 'required' });
    expect(checkDraft({ ...draft, key: '1st' }, true, taken)).toEqual({ key: 'keyShape' });
    expect(checkDraft({ ...draft, key: 'VIP' }, true, taken)).toEqual({ key: 'keyShape' });
    expect(checkDraft({ ...draft, key: 'champions' }, true, taken)).toEqual({ key: 'keyTaken' });
    expect(checkDraft({ ...draft, priority: '2.5' }, true, taken)).toEqual({ priority: 'priorityRange' });
    expect(checkDraft({ ...draft, priority: '1001' }, true, taken)).toEqual({ priority: 'priorityRange' });
    expect(checkDraft({ ...draft, priority: '' }, true, taken)).toEqual({ priority: 'priorityRange' });
    expect(checkDraft({ ...draft, lifecycleGroup: 'Life cycle' }, true, taken)).toEqual({ lifecycleGroup: 'keyShape' });
  });

  it('does not check the key of a saved segment, which cannot change', () => {
    expect(checkDraft({ ...draft, key: 'champions' }, false, taken)).toEqual({});
  });

  it('suggests a key from the name', () => {
    expect(suggestKey('Größte Fans 2024')).toBe('groesste_fans_2024');
    expect(suggestKey('Café crème – Stammkunden!')).toBe('cafe_creme_stammkunden');
    expect(suggestKey('2024 buyers')).toBe('s_2024_buyers');
    expect(suggestKey('   ')).toBe('');
    expect(suggestKey('x'.repeat(80))).toHaveLength(64);
  });

  it('sends the key only for a new segment', () => {
    expect(segmentBody({ ...draft, priority: '5', lifecycleGroup: 'life' }, { all: [] }, true)).toEqual({ key: 'vip_fans', name: 'VIP fans', direction: 'inbound', rule: { all: [] }, priority: 5, lifecycleGroup: 'life' });
    expect(segmentBody(draft, { all: [] }, false)).not.toHaveProperty('key');
    expect(segmentBody(draft, { all: [] }, false).lifecycleGroup).toBeNull();
  });
});
