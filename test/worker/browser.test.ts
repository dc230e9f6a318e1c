import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import * as scenarios from '../scenarios/browser.ts';
import { apiClient } from '../scenarios/client.ts';

const api = apiClient((request) => SELF.fetch(request));
// foundation.test.ts takes workspaces 0–11; these are 12 onwards, so the two files never share one.
const workspaces = inject('workspaces').slice(12, 24);
let next = 0;
const freshWorkspace = () => {
  const keys = workspaces[next++];
  if (!keys) throw new Error('global-setup created too few workspaces for the worker tests');
  return keys;
};

describe('browser endpoints in the Workers runtime over libSQL HTTP', () => {
  it('gives an identified frequent big spender their segment variant', () => scenarios.identifiedVisitorGetsSegmentVariant(api, freshWorkspace()));
  it('refuses a forged identify and links nothing', () => scenarios.forgedIdentifyIsRefused(api, freshWorkspace()));
  it('answers CORS only for allowed origins', () => scenarios.corsOnlyForAllowedOrigins(api, freshWorkspace()));
  it('validates browser requests and key scopes', () => scenarios.browserEndpointsValidate(api, freshWorkspace()));
  it('stores collected behaviour and counts it', () => scenarios.collectStoresBehaviour(api, freshWorkspace()));
  it('sanitises content on save and serves the stored form', () => scenarios.contentIsSanitisedOnSave(api, freshWorkspace()));
  it('makes a rule change live on the next request', () => scenarios.ruleChangesAreLiveNextRequest(api, freshWorkspace()));

  it('serves the SDK from static assets, versioned and long-cached', async () => {
    const current = await SELF.fetch('http://rfm-edge.test/sdk.js');
    expect(current.status).toBe(200);
    expect(current.headers.get('content-type')).toContain('javascript');
    const code = await current.text();
    expect(code.length).toBeGreaterThan(500);
    const version = current.headers.get('etag')!.replaceAll('"', '');
    const pinned = await SELF.fetch(`http://rfm-edge.test/sdk/${version}.js`);
    expect(pinned.headers.get('cache-control')).toContain('immutable');
    expect(await pinned.text()).toBe(code);
  });

  it('serves the admin widget from static assets at /admin', async () => {
    const page = await SELF.fetch('http://rfm-edge.test/admin');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const src = /<script src="(\/admin\/[0-9a-f]{10}\.js)"><\/script>/.exec(await page.text())?.[1];
    expect(src).toBeDefined();
    const script = await SELF.fetch(`http://rfm-edge.test${src}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // the loader imports the widget's modules from the static assets: the main module and, on demand, the pages
    const main = /"(\/admin\/m\/main\.[\w-]+\.js)"/.exec(await script.text())?.[1];
    expect(main).toBeDefined();
    const mainModule = await SELF.fetch(`http://rfm-edge.test${main}`);
    expect(mainModule.status).toBe(200);
    expect(mainModule.headers.get('access-control-allow-origin')).toBe('*');
    expect(mainModule.headers.get('cache-control')).toContain('immutable');
    const imported = [...(await mainModule.text()).matchAll(/"\.\/([\w-]+\.[\w-]+\.js)"/g)].map((match) => match[1]!);
    expect(imported.length).toBeGreaterThan(0);
    for (const file of new Set(imported)) {
      const chunk = await SELF.fetch(`http://rfm-edge.test/admin/m/${file}`);
      expect(chunk.status, file).toBe(200);
      expect((await chunk.text()).length, file).toBeGreaterThan(50);
    }
    expect((await SELF.fetch('http://rfm-edge.test/admin/m/main.00000000.js')).status).toBe(404);
  });
});
