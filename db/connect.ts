import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDriver } from './driver.ts';
import { createEmbeddedDriver } from './drivers/embedded.ts';
import { createRemoteDriver } from './drivers/remote.ts';

export const DEFAULT_LIBSQL_URL = 'file:./data/rfm-edge.db';

/** Node: `file:` URLs open the embedded engine; `libsql:`, `http(s):` go over HTTP to Turso or sqld. */
export function connect(url = DEFAULT_LIBSQL_URL, authToken?: string): SqlDriver {
  if (url.startsWith('file:') || url === ':memory:') {
    const path = url === ':memory:' ? ':memory:' : url.slice('file:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return createEmbeddedDriver(path);
  }
  if (/^(libsql|https?):\/\//.test(url)) return createRemoteDriver({ url, authToken });
  throw new Error(`LIBSQL_URL must start with file:, libsql:, http: or https: (got ${url})`);
}
