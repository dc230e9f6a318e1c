/**
 * Webhook bodies from a marketer's JSON template: a string that is exactly `{{path}}` becomes the value at that
 * path (numbers stay numbers), `{{path}}` inside a longer string is interpolated, everything else is kept.
 * Paths read the delivery's data: event, at, segment.key, segment.name, trigger.id, trigger.name,
 * contact.customerId, contact.email, contact.attributes.<name>, contact.rfm.<field> (recencyDays, frequency,
 * monetary, currency, scores.r, bands.m, named, …).
 */

const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const ANYWHERE = /\{\{\s*([\w.]+)\s*\}\}/g;

export function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[part];
  }
  return current ?? null;
}

export function renderTemplate(template: unknown, data: unknown): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) return valueAt(data, whole[1]!);
    return template.replace(ANYWHERE, (_, path: string) => {
      const value = valueAt(data, path);
      return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, data));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, renderTemplate(value, data)]));
  }
  return template;
}

/** Placeholders a template uses, so a save can refuse unknown roots with a clear message. */
export function placeholdersOf(template: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown) => {
    if (typeof node === 'string') for (const match of node.matchAll(ANYWHERE)) found.push(match[1]!);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(template);
  return found;
}

export const TEMPLATE_ROOTS = ['event', 'at', 'segment', 'trigger', 'contact'] as const;
