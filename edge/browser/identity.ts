const encoder = new TextEncoder();

function bytesFromHex(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

async function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** What a shop's backend computes to vouch for a customer id: hex HMAC-SHA256 of the id with the identity secret. */
export async function signCustomerId(identitySecret: string, customerId: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(identitySecret, 'sign'), encoder.encode(customerId));
  return [...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** WebCrypto's HMAC verify compares in constant time, so a forger learns nothing from how long a refusal takes. */
export async function isValidSignature(identitySecret: string, customerId: string, signatureHex: string): Promise<boolean> {
  const signature = bytesFromHex(signatureHex);
  if (!signature || signature.length !== 32) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(identitySecret, 'verify'), signature, encoder.encode(customerId));
}
