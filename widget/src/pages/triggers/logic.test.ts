import { describe, expect, it } from 'vitest';
import { draftOf, isWebhookUrl, lastDeliveries, lastStatusCode, parseTemplate, payloadOf, sampleBody, validateDraft, type Delivery } from './logic.ts';

const delivery = (over: Partial<Delivery>): Delivery => ({ id: 'd', triggerId: 't', kind: 'test', status: 'delivered', attempts: 1, nextAttemptAt: null, lastError: null, createdAt: '', deliveredAt: null, log: [], ...over });

describe('trigger editor logic', () => {
  it('checks the URL, the segment and the template', () => {
    expect(validateDraft({ ...draftOf(null, 'vip'), url: 'https://hooks.example.com/x' })).toEqual({});
    expect(validateDraft({ ...draftOf(null), url: 'ftp://x', template: '{' })).toEqual({ segmentKey: 'required', url: 'url', template: 'json' });
    expect(isWebhookUrl('http://127.0.0.1:9/a')).toBe(true);
    expect(isWebhookUrl('not a url')).toBe(false);
  });

  it('refuses templates that are not objects or use unknown placeholders', () => {
    expect(parseTemplate('"text"')).toMatchObject({ ok: false, key: 'shape' });
    expect(parseTemplate('{"a":"{{customer.email}}"}')).toEqual({ ok: false, key: 'placeholder', detail: 'customer.email' });
    expect(parseTemplate('')).toEqual({ ok: true, value: null });
  });

  it('renders the sample with the same template code as the edge', () => {
    const draft = { ...draftOf(null, 'vip'), name: 'Welcome', template: '{"to":"{{contact.email}}","spent":"{{contact.rfm.monetary}}","hi":"Dear {{contact.customerId}} in {{segment.name}}"}' };
    expect(JSON.parse(sampleBody(draft, 'VIPs', 'GBP')!)).toEqual({ to: 'test@example.com', spent: 48000, hi: 'Dear test-customer in VIPs' });
    const envelope = JSON.parse(sampleBody({ ...draft, template: '', on: 'leave' }, 'VIPs', 'GBP')!);
    expect(envelope).toMatchObject({ event: 'segment.left', segment: { key: 'vip', name: 'VIPs' }, trigger: { name: 'Welcome' } });
    expect(sampleBody({ ...draft, template: '{' }, '', 'GBP')).toBeNull();
  });

  it('sends the segment only on create and a parsed template', () => {
    const draft = { ...draftOf(null, 'vip'), url: ' https://h.example/x ', template: '{"a":1}' };
    expect(payloadOf(draft, true)).toEqual({ name: '', segmentKey: 'vip', on: 'enter', url: 'https://h.example/x', enabled: true, template: { a: 1 } });
    expect(payloadOf({ ...draft, template: '' }, false)).not.toHaveProperty('segmentKey');
    expect(draftOf({ id: 'x', name: 'n', segmentKey: 's', on: 'leave', url: 'u', template: { a: 1 }, enabled: false }).template).toBe('{\n  "a": 1\n}');
  });

  it('finds each trigger’s newest delivery and its response code', () => {
    const last = lastDeliveries([delivery({ id: 'new', triggerId: 'a' }), delivery({ id: 'old', triggerId: 'a' }), delivery({ id: 'b1', triggerId: 'b' })]);
    expect([...last].map(([trigger, d]) => [trigger, d.id])).toEqual([['a', 'new'], ['b', 'b1']]);
    expect(lastStatusCode(delivery({ log: [{ at: '', statusCode: 500, error: null, durationMs: 1 }, { at: '', statusCode: 200, error: null, durationMs: 1 }] }))).toBe(200);
    expect(lastStatusCode(delivery({}))).toBeNull();
  });
});
