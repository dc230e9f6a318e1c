/**
 * npm run build:widget →
 *   widget/dist/admin.js        the admin widget: one IIFE (Preact + signals + styles), minified;
 *                               the build fails above the gzip budget
 *   widget/dist/manifest.json   { file, version (first 10 hex of its sha256), bytes, gzipBytes }
 *   web-sdk/dist/admin.js       a copy in the Worker's static assets folder (wrangler.toml [assets]), so the
 *                               Worker serves /admin too
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuildTypeScript from '../web-sdk/build/esbuild-plugin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const workerAssets = join(here, '../web-sdk/dist');
const GZIP_BUDGET_BYTES = 40 * 1024;

function sizeBudget() {
  return {
    name: 'rfm-widget-size-budget',
    writeBundle() {
      const file = join(dist, 'admin.js');
      const code = readFileSync(file);
      const gzipBytes = gzipSync(code, { level: 9 }).length;
      const number = (value) => value.toLocaleString('en-US');
      console.log(`${relative(process.cwd(), file)}  ${number(gzipBytes)} bytes gzipped (budget ${number(GZIP_BUDGET_BYTES)})`);
      const version = createHash('sha256').update(code).digest('hex').slice(0, 10);
      writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify({ file: 'admin.js', version, bytes: code.length, gzipBytes }, null, 2)}\n`);
      mkdirSync(workerAssets, { recursive: true });
      copyFileSync(file, join(workerAssets, 'admin.js'));
      if (gzipBytes > GZIP_BUDGET_BYTES) this.error(`admin.js is ${number(gzipBytes)} bytes gzipped, over the budget of ${number(GZIP_BUDGET_BYTES)}`);
    },
  };
}

export default {
  input: join(here, 'src/main.tsx'),
  output: { file: join(dist, 'admin.js'), format: 'iife', strict: true },
  plugins: [
    nodeResolve({ extensions: ['.tsx', '.ts', '.mjs', '.js'], browser: true }),
    esbuildTypeScript({ target: 'es2020' }),
    terser({ ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } }),
    sizeBudget(),
  ],
};
