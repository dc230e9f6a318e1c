import { transform } from 'esbuild';

/**
 * A minimal rollup plugin: strips TypeScript (and Preact JSX in .tsx) with esbuild.transform (no type checking —
 * `tsc --noEmit` at the root does that) and lowers the syntax to `target`.
 * @param {{ target?: string }} [options]
 * @returns {import('rollup').Plugin}
 */
export default function esbuildTypeScript({ target = 'es2019' } = {}) {
  return {
    name: 'rfm-esbuild-ts',
    async transform(code, id) {
      const loader = id.endsWith('.tsx') ? 'tsx' : id.endsWith('.ts') ? 'ts' : null;
      if (!loader) return null;
      const result = await transform(code, {
        loader,
        format: 'esm',
        target,
        sourcefile: id,
        sourcemap: 'external',
        jsx: 'automatic',
        jsxImportSource: 'preact',
        tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      });
      for (const warning of result.warnings) this.warn(warning.text);
      return { code: result.code, map: result.map || null };
    },
  };
}
