import { placeholdersOf, renderTemplate, TEMPLATE_ROOTS } from '../../../../edge/triggers/template.ts';

export interface Trigger {
  id: string;
  name: string;
  segmentKey: string;
  on: 'enter' | 'leave';
  url: string;
  template: unknown;
  enabled: boolean;
}

export interface Delivery {
  id: string;
  triggerId: string;
  kind: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: { at: string; statusCode: number | null; error: string | null; durationMs: number | null }[];
}

export interface TriggerDraft {
  name: string;
  segmentKey: string;
  on: 'enter' | 'leave';
  url: string;
  enabled: boolean;
  /** the template as JSON text; '' sends the standard envelope */
  template: string;
}

export type TriggerErrors = Partial<Record<'segmentKey' | 'url' | 'template', string>>;

/** Placeholders a marketer can use, as the edge fills them (edge/triggers/deliver.ts webhookBody). */
export const PLACEHOLDERS = [
  'event', 'at', 'segment.key', 'segment.name', 'trigger.name', 'contact.customerId', 'contact.email', 'contact.attributes.country',
  'contact.rfm.recencyDays', 'contact.rfm.frequency', 'contact.rfm.monetary', 'contact.rfm.named', 'contact.rfm.bands.r',
];

export const draftOf = (trigger: Trigger | null, segmentKey = ''): TriggerDraft =>
  trigger
    ? { name: trigger.name, segmentKey: trigger.segmentKey, on: trigger.on, url: trigger.url, enabled: trigger.enabled, template: trigger.template == null ? '' : JSON.stringify(trigger.template, null, 2) }
    : { name: '', segmentKey, on: 'enter', url: '', enabled: true, template: '' };

/** The template parsed, or an error message key with details. */
export function parseTemplate(text: string): { ok: true; value: unknown } | { ok: false; key: 'json' | 'shape' | 'placeholder'; detail: string } {
  if (!text.trim()) return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, key: 'json', detail: (error as Error).message };
  }
  if (value === null || typeof value !== 'object') return { ok: false, key: 'shape', detail: '' };
  const unknown = placeholdersOf(value).find((path) => !(TEMPLATE_ROOTS as readonly string[]).includes(path.split('.')[0]!));
  return unknown ? { ok: false, key: 'placeholder', detail: unknown } : { ok: true, value };
}

export function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Error message keys per field (the page translates them). */
export function validateDraft(draft: TriggerDraft): TriggerErrors {
  const errors: TriggerErrors = {};
  if (!draft.segmentKey) errors.segmentKey = 'required';
  if (!isWebhookUrl(draft.url)) errors.url = 'url';
  const template = parseTemplate(draft.template);
  if (!template.ok) errors.template = template.key;
  return errors;
}

export function payloadOf(draft: TriggerDraft, creating: boolean) {
  const template = parseTemplate(draft.template);
  return {
    name: draft.name.trim(),
    ...(creating ? { segmentKey: draft.segmentKey } : {}),
    on: draft.on,
    url: draft.url.trim(),
    enabled: draft.enabled,
    template: template.ok ? template.value : null,
  };
}

/** The envelope a delivery carries, filled with an example contact, as the edge's test-send does. */
export function sampleEnvelope(draft: TriggerDraft, segmentName: string, currency: string) {
  return {
    id: 'dl_example',
    event: draft.on === 'enter' ? 'segment.entered' : 'segment.left',
    at: '2026-11-23T09:00:00.000Z',
    segment: { key: draft.segmentKey || 'segment', name: segmentName || draft.segmentKey || 'Segment' },
    trigger: { id: 'tr_example', name: draft.name || 'Trigger' },
    contact: {
      customerId: 'test-customer',
      email: 'test@example.com',
      attributes: { country: 'Germany' },
      rfm: { asOf: '2026-11-23', currency, recencyDays: 12, frequency: 4, monetary: 48000, scores: { r: 5, f: 4, m: 5 }, bands: { r: 'short', f: 'often', m: 'premium' }, named: 'champions' },
    },
  };
}

/** The body the receiver would get for the sample, or null while the template is invalid. */
export function sampleBody(draft: TriggerDraft, segmentName: string, currency: string): string | null {
  const template = parseTemplate(draft.template);
  if (!template.ok) return null;
  const envelope = sampleEnvelope(draft, segmentName, currency);
  return JSON.stringify(template.value === null ? envelope : renderTemplate(template.value, envelope), null, 2);
}

/** Each trigger's most recent delivery (the log arrives newest first). */
export function lastDeliveries(deliveries: Delivery[]): Map<string, Delivery> {
  const last = new Map<string, Delivery>();
  for (const delivery of deliveries) if (!last.has(delivery.triggerId)) last.set(delivery.triggerId, delivery);
  return last;
}

/** The HTTP status of a delivery's last attempt, if it got an answer. */
export const lastStatusCode = (delivery: Delivery): number | null => delivery.log[delivery.log.length - 1]?.statusCode ?? null;
