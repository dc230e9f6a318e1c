import { readFile } from 'node:fs/promises';
import type { BuiltScript } from '../deps.ts';

export const SDK_BUILD_FILE = new URL('../../web-sdk/dist/rfm.js', import.meta.url);
export const WIDGET_BUILD_FILE = new URL('../../widget/dist/admin.js', import.meta.url);

const BUILDS: Record<'rfm.js' | 'admin.js', { file: URL; command: string }> = {
  'rfm.js': { file: SDK_BUILD_FILE, command: 'npm run build:sdk' },
  'admin.js': { file: WIDGET_BUILD_FILE, command: 'npm run build:widget' },
};

/** A built browser script, or null (with a hint on the console) when its build has not run. */
export async function readSdkFromDisk(_bindings?: unknown, name: BuiltScript = 'rfm.js'): Promise<string | null> {
  if (name.startsWith('admin/m/')) return readWidgetModule(name.slice('admin/m/'.length));
  const build = BUILDS[name as keyof typeof BUILDS];
  try {
    return await readFile(build.file, 'utf8');
  } catch {
    console.warn(`[rfm-edge] ${build.file.pathname} is missing: run ${build.command} (npm start does it for you)`);
    return null;
  }
}

const WIDGET_MODULES_DIR = new URL('../../widget/dist/m/', import.meta.url);

/** One of the admin's hashed ES modules; the route only asks for names of that shape, never a path. */
async function readWidgetModule(file: string): Promise<string | null> {
  if (!/^[\w-]+\.[\w-]+\.js$/.test(file)) return null;
  try {
    return await readFile(new URL(file, WIDGET_MODULES_DIR), 'utf8');
  } catch {
    return null;
  }
}
