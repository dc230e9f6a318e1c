/** Content rules as the API returns them (GET /v1/admin/content-rules). */
export interface ContentRule {
  id: string;
  slot: string;
  segmentKey: string;
  name: string;
  html: string;
  priority: number;
  enabled: boolean;
  startsAt: string | null;
  endsAt: string | null;
}

/** The editor's fields as typed: numbers and dates stay text until saved. */
export interface RuleDraft {
  name: string;
  slot: string;
  segmentKey: string;
  priority: string;
  enabled: boolean;
  /** `datetime-local` values (local time, no zone) or '' */
  startsAt: string;
  endsAt: string;
  html: string;
}

/** The demo shop's slots (data-rfm-slot in edge/demo/shop/routes.ts); a shop may add its own. */
export const KNOWN_SLOTS = ['hero', 'banner'];
const SLOT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export type DraftErrors = Partial<Record<'slot' | 'segmentKey' | 'priority' | 'endsAt' | 'html', 'slot' | 'required' | 'priority' | 'order' | 'date'>>;

const pad = (value: number) => String(value).padStart(2, '0');
/** An ISO instant as a `datetime-local` value in the browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
/** A `datetime-local` value (browser's zone) as an ISO instant, or null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function draftOf(rule: ContentRule | null, slot = KNOWN_SLOTS[0]!, segmentKey = ''): RuleDraft {
  return rule
    ? { name: rule.name, slot: rule.slot, segmentKey: rule.segmentKey, priority: String(rule.priority), enabled: rule.enabled, startsAt: toLocalInput(rule.startsAt), endsAt: toLocalInput(rule.endsAt), html: rule.html }
    : { name: '', slot, segmentKey, priority: '0', enabled: true, startsAt: '', endsAt: '', html: '' };
}

export function validateDraft(draft: RuleDraft): DraftErrors {
  const errors: DraftErrors = {};
  if (!SLOT.test(draft.slot.trim())) errors.slot = 'slot';
  if (!draft.segmentKey) errors.segmentKey = 'required';
  const priority = Number(draft.priority);
  if (draft.priority.trim() === '' || !Number.isInteger(priority) || priority < -1000 || priority > 1000) errors.priority = 'priority';
  if (!draft.html.trim()) errors.html = 'required';
  const starts = fromLocalInput(draft.startsAt);
  const ends = fromLocalInput(draft.endsAt);
  if ((draft.startsAt && !starts) || (draft.endsAt && !ends)) errors.endsAt = 'date';
  else if (starts && ends && starts >= ends) errors.endsAt = 'order';
  return errors;
}

/** The body for POST/PATCH /v1/admin/content-rules. */
export function payloadOf(draft: RuleDraft) {
  return {
    name: draft.name.trim(),
    slot: draft.slot.trim(),
    segmentKey: draft.segmentKey,
    priority: Number(draft.priority),
    enabled: draft.enabled,
    startsAt: fromLocalInput(draft.startsAt),
    endsAt: fromLocalInput(draft.endsAt),
    html: draft.html,
  };
}

export type RuleState = 'off' | 'scheduled' | 'live' | 'ended';
export function ruleState(rule: Pick<ContentRule, 'enabled' | 'startsAt' | 'endsAt'>, now: number): RuleState {
  if (!rule.enabled) return 'off';
  if (rule.startsAt && Date.parse(rule.startsAt) > now) return 'scheduled';
  if (rule.endsAt && Date.parse(rule.endsAt) <= now) return 'ended';
  return 'live';
}

/** Rules per slot, the demo shop's slots first (even when empty), each slot's rules by priority (highest wins). */
export function groupBySlot(rules: ContentRule[]): [string, ContentRule[]][] {
  const slots = [...new Set([...KNOWN_SLOTS, ...rules.map((rule) => rule.slot).sort()])];
  return slots.map((slot) => [slot, rules.filter((rule) => rule.slot === slot).sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name))]);
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

/**
 * A mock of the demo shop's home page with `html` in `slot`, for a sandboxed iframe (no scripts run in it).
 * The other slot keeps the shop's default content; unknown slots are shown on their own.
 */
export function previewDocument(variant: string, slot: string, stylesheet: string, title: string): string {
  // Scripts never survive the server's sanitiser; dropping them here keeps the preview faithful (and quiet).
  const html = variant.replace(/<script\b[\s\S]*?(<\/script\s*>|$)/gi, '');
  const state = (name: string) => `data-rfm-slot="${escape(name)}" data-rfm-state="${name === slot ? 'variant' : 'default'}"`;
  const hero = slot === 'hero' ? html : '<h2>The spring collection is here</h2><p>Bunting, cake stands and everything for long afternoons in the garden.</p><a class="button">Shop the collection</a>';
  const banner = slot === 'banner' ? html : '';
  const other = KNOWN_SLOTS.includes(slot) ? '' : `<div ${state(slot)}>${html}</div>`;
  const card = (name: string, price: string) => `<article class="card"><h3>${name}</h3><p class="price">£${price}</p></article>`;
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${escape(stylesheet)}"><title>${escape(title)}</title></head><body><header class="site"><a class="brand">Retrospot</a><nav><a>Home</a><a>Kitchen</a><a>Decor</a></nav></header><main>${other}<section class="hero" ${state('hero')}>${hero}</section><div class="banner" ${state('banner')}>${banner}</div><section class="grid">${card('Party bunting', '4.95')}${card('Regency cakestand', '12.75')}${card('Heart T-light holder', '2.95')}</section></main></body></html>`;
}
