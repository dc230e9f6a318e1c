import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { createServer } from 'node:net';
import { defineConfig } from 'vitest/config';

/** A free loopback port for the local Hrana endpoint the Worker under test talks to. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export default defineConfig(async () => {
  const port = Number(process.env.RFM_TEST_HRANA_PORT ?? (await freePort()));
  process.env.RFM_TEST_HRANA_PORT = String(port);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: { bindings: { LIBSQL_URL: `http://127.0.0.1:${port}` } },
      }),
    ],
    test: {
      name: 'worker',
      include: ['test/worker/**/*.test.ts'],
      globalSetup: ['test/worker/global-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  };
});
