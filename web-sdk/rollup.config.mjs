/**
 * npm run build:sdk →
 *   web-sdk/dist/rfm.js         the script-tag IIFE, minified; the build fails above the gzip budget
 *   web-sdk/dist/rfm.mjs        ESM, exports createRfm
 *   web-sdk/dist/manifest.json  { file, version (first 10 hex of its sha256), bytes, gzipBytes }
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import esbuildTypeScript from './build/esbuild-plugin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const GZIP_BUDGET_BYTES = 3000;

/** Prints the gzipped size, writes the manifest, and fails the build when rfm.js is over budget. */
function sizeBudget() {
  return {
    name: 'rfm-size-budget',
    writeBundle() {
      const file = join(dist, 'rfm.js');
      const code = readFileSync(file);
      const gzipBytes = gzipSync(code, { level: 9 }).length;
      const number = (value) => value.toLocaleString('en-US');
      console.log(`${relative(process.cwd(), file)}  ${number(gzipBytes)} bytes gzipped (budget ${number(GZIP_BUDGET_BYTES)})`);
      const version = createHash('sha256').update(code).digest('hex').slice(0, 10);
      writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify({ file: 'rfm.js', version, bytes: code.length, gzipBytes }, null, 2)}\n`);
      if (gzipBytes > GZIP_BUDGET_BYTES) {
        this.error(`rfm.js is ${number(gzipBytes)} bytes gzipped, over the budget of ${number(GZIP_BUDGET_BYTES)}`);
      }
    },
  };
}

const minify = terser({
  ecma: 2019,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
  mangle: true, // property names stay: the command names, the wire format and the DOM are all public
  format: { comments: false },
});

export default [
  {
    input: join(here, 'src/script.ts'),
    output: { file: join(dist, 'rfm.js'), format: 'iife', strict: true },
    plugins: [esbuildTypeScript(), minify, sizeBudget()],
  },
  {
    input: join(here, 'src/sdk.ts'),
    output: { file: join(dist, 'rfm.mjs'), format: 'es' },
    plugins: [esbuildTypeScript()],
  },
];
