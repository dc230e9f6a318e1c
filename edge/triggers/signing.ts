const encoder = new TextEncoder();

/**
 * `X-RFM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver recomputes it with the
 * trigger's signing secret, compares in constant time and refuses timestamps older than a few minutes (replays).
 */
export async function signatureHeader(secret: string, body: string, unixSeconds: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${unixSeconds}.${body}`));
  const hex = [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `t=${unixSeconds},v1=${hex}`;
}

/** For receivers (and tests): checks a signature header against the body, within a tolerance. */
export async function verifySignatureHeader(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): Promise<boolean> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = await signatureHeader(secret, body, timestamp);
  if (expected.length !== header.length) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= expected.charCodeAt(index) ^ header.charCodeAt(index);
  return difference === 0;
}
