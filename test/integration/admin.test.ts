import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDriver } from '../../db/drivers/embedded.ts';
import type { SqlDriver } from '../../db/driver.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { createApp } from '../../edge/app.ts';
import { readSdkFromDisk } from '../../edge/node/sdk-file.ts';
import { createWorkspace, type WorkspaceCredentials } from '../../edge/workspaces/workspace.ts';

// npm test builds the widget before this suite runs (npm run build:widget).
describe('the admin widget served by the edge, and the admin API across origins', () => {
  let folder: string;
  let driver: SqlDriver;
  let app: ReturnType<typeof createApp>;
  let keys: WorkspaceCredentials;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rfm-edge-admin-'));
    driver = createEmbeddedDriver(join(folder, 'admin.db'));
    await applyMigrations(driver, loadMigrations());
    app = createApp({ database: () => driver, clock: Date.now, sdkScript: readSdkFromDisk });
    keys = await createWorkspace(driver, { name: 'Admin shop', currency: 'EUR', timeZone: 'Europe/Berlin', allowedOrigins: ['https://backoffice.example'] });
  });
  afterAll(async () => {
    await driver.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves /admin as a page under a strict CSP that loads the versioned, immutable widget build', async () => {
    const page = await app.request('/admin');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<rfm-admin');
    const src = /<script src="(\/admin\/[0-9a-f]{10}\.js)"><\/script>/.exec(html)?.[1];
    expect(src).toBeDefined();
    const script = await app.request(src!);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-type')).toContain('javascript');
    const loader = await script.text();
    // the loader imports the main module, which imports the page chunks: every file it names is served
    const main = /"(\/admin\/m\/main\.[\w-]+\.js)"/.exec(loader)?.[1];
    expect(main).toBeDefined();
    const mainModule = await app.request(main!);
    expect(mainModule.status).toBe(200);
    expect(mainModule.headers.get('cache-control')).toContain('immutable');
    // a module script from another origin is fetched with CORS
    expect(mainModule.headers.get('access-control-allow-origin')).toBe('*');
    // everything the main module imports, now or on demand, is served
    const served = new Map<string, string>();
    const pending = [main!.slice('/admin/m/'.length)];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (served.has(file)) continue;
      const response = await app.request(`/admin/m/${file}`);
      expect(response.status, file).toBe(200);
      const code = await response.text();
      served.set(file, code);
      for (const match of code.matchAll(/"\.\/([\w-]+\.[\w-]+\.js)"/g)) pending.push(match[1]!);
    }
    expect([...served.keys()].filter((file) => /^(bands|segments|content|triggers|contacts)\./.test(file))).toHaveLength(5);
    expect([...served.values()].join('').length).toBeGreaterThan(50_000);
    const missing = await app.request('/admin/m/main.00000000.js');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain('reload');
    expect((await app.request('/admin/m/..%2F..%2Fpackage.json')).status).toBe(404);
    const embed = await app.request('/admin.js');
    expect(embed.headers.get('cache-control')).toContain('max-age=300');
    expect(embed.headers.get('access-control-allow-origin')).toBe('*');
    expect((await app.request('/admin.js', { headers: { 'if-none-match': embed.headers.get('etag')! } })).status).toBe(304);
  });

  it('says what to do when the widget is not built', async () => {
    const bare = createApp({ database: () => driver, clock: Date.now });
    const response = await bare.request('/admin');
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toContain('npm run build:widget');
  });

  it('answers preflights from any origin but lets the admin key work only from the workspace’s own origins', async () => {
    const preflight = await app.request('/v1/admin/rfm-config', {
      method: 'OPTIONS',
      headers: { origin: 'https://backoffice.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const allowed = await app.request('/v1/admin/rfm-config', { headers: { authorization: `Bearer ${keys.adminKey}`, origin: 'https://backoffice.example' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://backoffice.example');

    const foreign = await app.request('/v1/admin/rfm-config', { headers: { authorization: `Bearer ${keys.adminKey}`, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const refusal = await foreign.json();
    expect(refusal.error.code).toBe('origin_not_allowed');
    expect(refusal.error.message).toContain('https://evil.example');
    // readable by the page, so the widget can say why instead of "network error"
    expect(foreign.headers.get('access-control-allow-origin')).toBe('https://evil.example');

    const foreignWrite = await app.request('/v1/admin/segments', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.adminKey}`, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'x', name: 'x', rule: { all: [] } }),
    });
    expect(foreignWrite.status).toBe(403);

    const sameOrigin = await app.request('http://localhost/v1/admin/rfm-config', { headers: { authorization: `Bearer ${keys.adminKey}`, origin: 'http://localhost' } });
    expect(sameOrigin.status).toBe(200);
    const server = await app.request('/v1/admin/rfm-config', { headers: { authorization: `Bearer ${keys.adminKey}` } });
    expect(server.status).toBe(200);
  });
});
