/**
 * npm run build:widget →
 *   widget/dist/admin.js        the script a page includes: a few hundred bytes that import the widget's main module
 *   widget/dist/m/*.js          the widget as ES modules with content hashes: main (Preact, signals, styles, the shell and
 *                               the dashboard) and one chunk per editor page, fetched when first opened
 *   widget/dist/manifest.json   { file, version, main, bytes and gzipBytes (the first download), totalGzipBytes, chunks }
 *   web-sdk/dist/admin.js, web-sdk/dist/admin/m/   copies in the Worker's static assets folder (wrangler.toml [assets])
 * The build prints every file's gzipped size and fails when the first download (admin.js + main + what main imports)
 * is over its budget, or any page chunk over its own.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuildTypeScript from '../web-sdk/build/esbuild-plugin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const modulesDir = join(dist, 'm');
const workerAssets = join(here, '../web-sdk/dist');
const FIRST_DOWNLOAD_BUDGET_BYTES = 40 * 1024;
const PAGE_CHUNK_BUDGET_BYTES = 12 * 1024;
export const MODULES_PATH = '/admin/m/';

const gzipBytes = (code) => gzipSync(code, { level: 9 }).length;
const number = (value) => value.toLocaleString('en-US');

/** A classic script, so one plain <script src> tag (async or not) embeds the admin; it imports the ES modules. */
const loaderSource = (mainFile) =>
  `(function(){var s=document.currentScript,b=s&&s.src||location.href,` +
  `r=import(new URL(${JSON.stringify(MODULES_PATH + mainFile)},b).href);` +
  `r.then(function(m){m.defineElement(s&&s.dataset.endpoint||void 0)},function(e){console.error("[rfm-admin] could not load the admin from "+b+":",e)});` +
  `window.RfmAdmin={mount:function(h,o){return r.then(function(m){return m.mount(h,o)})}}})();\n`;

function staticClosure(bundle, fileName, seen = new Set()) {
  if (seen.has(fileName)) return seen;
  seen.add(fileName);
  for (const imported of bundle[fileName].imports) staticClosure(bundle, imported, seen);
  return seen;
}

function widgetFiles() {
  return {
    name: 'rfm-widget-files',
    buildStart() {
      rmSync(modulesDir, { recursive: true, force: true });
      rmSync(join(workerAssets, 'admin/m'), { recursive: true, force: true });
    },
    writeBundle(_options, bundle) {
      const main = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const loader = loaderSource(main.fileName);
      writeFileSync(join(dist, 'admin.js'), loader);
      const firstDownload = staticClosure(bundle, main.fileName);
      const chunks = Object.values(bundle)
        .filter((file) => file.type === 'chunk')
        .map((file) => ({ file: file.fileName, bytes: Buffer.byteLength(file.code), gzipBytes: gzipBytes(file.code), firstDownload: firstDownload.has(file.fileName) }))
        .sort((a, b) => Number(b.firstDownload) - Number(a.firstDownload) || b.gzipBytes - a.gzipBytes);
      const loaderGzip = gzipBytes(loader);
      const firstGzip = loaderGzip + chunks.filter((chunk) => chunk.firstDownload).reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
      const totalGzip = loaderGzip + chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
      const version = createHash('sha256').update(loader).digest('hex').slice(0, 10);
      console.log(`widget/dist/admin.js${' '.repeat(22)}${number(loaderGzip).padStart(7)} B gzipped  (loader)`);
      for (const chunk of chunks) console.log(`widget/dist/m/${chunk.file.padEnd(28)}${number(chunk.gzipBytes).padStart(7)} B gzipped  ${chunk.firstDownload ? '(first download)' : '(on demand)'}`);
      console.log(`first download ${number(firstGzip)} B gzipped (budget ${number(FIRST_DOWNLOAD_BUDGET_BYTES)}); whole widget ${number(totalGzip)} B gzipped`);
      writeFileSync(
        join(dist, 'manifest.json'),
        `${JSON.stringify({ file: 'admin.js', version, main: main.fileName, bytes: Buffer.byteLength(loader) + chunks.filter((chunk) => chunk.firstDownload).reduce((sum, chunk) => sum + chunk.bytes, 0), gzipBytes: firstGzip, totalGzipBytes: totalGzip, chunks }, null, 2)}\n`,
      );
      mkdirSync(join(workerAssets, 'admin/m'), { recursive: true });
      copyFileSync(join(dist, 'admin.js'), join(workerAssets, 'admin.js'));
      for (const file of readdirSync(modulesDir)) copyFileSync(join(modulesDir, file), join(workerAssets, 'admin/m', file));
      if (firstGzip > FIRST_DOWNLOAD_BUDGET_BYTES) this.error(`the admin's first download is ${number(firstGzip)} bytes gzipped, over the budget of ${number(FIRST_DOWNLOAD_BUDGET_BYTES)}`);
      const heavy = chunks.find((chunk) => !chunk.firstDownload && chunk.gzipBytes > PAGE_CHUNK_BUDGET_BYTES);
      if (heavy) this.error(`${heavy.file} is ${number(heavy.gzipBytes)} bytes gzipped, over the page budget of ${number(PAGE_CHUNK_BUDGET_BYTES)}`);
    },
  };
}

const pageOf = (id) => /\/widget\/src\/pages\/(\w+)\//.exec(id)?.[1];

export default {
  input: { main: join(here, 'src/main.tsx') },
  output: {
    dir: modulesDir,
    format: 'es',
    entryFileNames: '[name].[hash].js',
    // a page's chunk is named after its folder; what several pages share is named after the shared module
    chunkFileNames: (chunk) => `${pageOf(chunk.facadeModuleId ?? '') ?? `shared-${chunk.name}`}.[hash].js`,
  },
  plugins: [
    nodeResolve({ extensions: ['.tsx', '.ts', '.mjs', '.js'], browser: true }),
    esbuildTypeScript({ target: 'es2020' }),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } }),
    widgetFiles(),
  ],
};
