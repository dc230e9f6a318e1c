import { describe, expect, it } from 'vitest';
import { draftOf, fromLocalInput, groupBySlot, payloadOf, previewDocument, ruleState, toLocalInput, validateDraft, type ContentRule } from './logic.ts';

const rule = (over: Partial<ContentRule>): ContentRule => ({ id: 'r', slot: 'hero', segmentKey: 'champions', name: 'A', html: '<p>x</p>', priority: 0, enabled: true, startsAt: null, endsAt: null, ...over });

describe('content rule editor logic', () => {
  it('accepts a complete draft and builds the API body with ISO dates', () => {
    const draft = { ...draftOf(null, 'banner', 'champions'), html: '<b>Hi</b>', priority: '5', startsAt: '2026-12-01T08:00', name: ' Xmas ' };
    expect(validateDraft(draft)).toEqual({});
    const body = payloadOf(draft);
    expect(body).toMatchObject({ slot: 'banner', segmentKey: 'champions', priority: 5, name: 'Xmas', endsAt: null, enabled: true });
    expect(body.startsAt).toBe(new Date('2026-12-01T08:00').toISOString());
  });

  it('names each wrong field', () => {
    const draft = { ...draftOf(null, 'bad slot!', ''), priority: '1.5', startsAt: '2026-12-02T00:00', endsAt: '2026-12-01T00:00' };
    expect(validateDraft(draft)).toEqual({ slot: 'slot', segmentKey: 'required', priority: 'priority', html: 'required', endsAt: 'order' });
    expect(validateDraft({ ...draft, priority: '1001' }).priority).toBe('priority');
    expect(validateDraft({ ...draft, priority: '' }).priority).toBe('priority');
  });

  it('round-trips datetime-local values through ISO instants', () => {
    const iso = new Date('2026-06-01T10:30').toISOString();
    expect(toLocalInput(iso)).toBe('2026-06-01T10:30');
    expect(fromLocalInput('2026-06-01T10:30')).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });

  it('tells live, scheduled, ended and off rules apart', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(ruleState(rule({}), now)).toBe('live');
    expect(ruleState(rule({ enabled: false }), now)).toBe('off');
    expect(ruleState(rule({ startsAt: '2026-07-01T00:00:00Z' }), now)).toBe('scheduled');
    expect(ruleState(rule({ endsAt: '2026-05-01T00:00:00Z' }), now)).toBe('ended');
  });

  it('groups per slot, demo slots first, highest priority first', () => {
    const groups = groupBySlot([rule({ id: '1', slot: 'footer' }), rule({ id: '2', priority: 1 }), rule({ id: '3', priority: 9 })]);
    expect(groups.map(([slot, list]) => [slot, list.map((r) => r.id)])).toEqual([['hero', ['3', '2']], ['banner', []], ['footer', ['1']]]);
  });

  it('puts the variant into the chosen slot of the preview page and escapes the stylesheet URL', () => {
    const doc = previewDocument('<p>VARIANT</p>', 'banner', 'https://e/demo/shop.css?"x', 'P');
    expect(doc).toContain('data-rfm-slot="banner" data-rfm-state="variant"><p>VARIANT</p></div>');
    expect(doc).toContain('data-rfm-slot="hero" data-rfm-state="default">');
    expect(doc).toContain('The spring collection is here');
    expect(doc).toContain('shop.css?&quot;x');
    expect(previewDocument('<p>V</p><SCRIPT>alert(1)</script ><script>x', 'hero', 's', 'P')).not.toMatch(/script|alert/i);
    expect(previewDocument('<p>V</p>', 'side"bar', 's', 'P')).toContain('data-rfm-slot="side&quot;bar" data-rfm-state="variant"><p>V</p>');
  });
});
