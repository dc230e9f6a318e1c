/**
 * Custom-audience identifiers as ad platforms expect them (Meta and Google Customer Match): normalised, then
 * SHA-256 as lower-case hex. Emails: trimmed and lower-cased. Phones: E.164 digits with the country code, no `+`.
 */

export function normaliseEmail(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const email = text.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** `+49 30 1234-5678`, `0049…` → `493012345678`; a national number (leading 0) needs the default calling code. */
export function normalisePhone(text: unknown, defaultCallingCode?: string): string | null {
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const raw = String(text).trim();
  let digits = raw.replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (!digits.startsWith('+')) {
    if (!defaultCallingCode || !digits.startsWith('0')) return null;
    digits = `+${defaultCallingCode.replace(/\D/g, '')}${digits.slice(1)}`;
  }
  const e164 = digits.slice(1).replace(/\D/g, '');
  return e164.length >= 8 && e164.length <= 15 ? e164 : null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One CSV field (RFC 4180). Fields a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading apostrophe, because marketers open these exports in Excel.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (values: readonly unknown[]) => `${values.map(csvField).join(',')}\r\n`;
