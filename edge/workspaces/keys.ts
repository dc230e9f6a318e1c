export type KeyKind = 'publishable' | 'secret' | 'admin';

const KEY_PREFIX: Record<KeyKind, string> = { publishable: 'pk_', secret: 'sk_', admin: 'ak_' };

export function randomToken(bytes = 24): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = '';
  for (const byte of buffer) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function generateKey(kind: KeyKind): string {
  return KEY_PREFIX[kind] + randomToken(24);
}

export function keyKindOf(key: string): KeyKind | null {
  for (const [kind, prefix] of Object.entries(KEY_PREFIX)) if (key.startsWith(prefix)) return kind as KeyKind;
  return null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return hex(new Uint8Array(digest));
}

const keyHashes = new Map<string, string>();
const MAX_REMEMBERED_KEY_HASHES = 1000;

/**
 * The hash of an API key, remembered: WebCrypto's digest costs tens of microseconds (a thread-pool round trip on
 * Node), more than the whole decide query, and a server sees the same few keys on every request.
 */
export async function keyHash(key: string): Promise<string> {
  const remembered = keyHashes.get(key);
  if (remembered !== undefined) return remembered;
  const hash = await sha256Hex(key);
  if (keyHashes.size >= MAX_REMEMBERED_KEY_HASHES) keyHashes.clear();
  keyHashes.set(key, hash);
  return hash;
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
