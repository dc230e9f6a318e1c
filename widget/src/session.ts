import { computed, signal } from '@preact/signals';
import { createApiClient, type ApiClient, type ApiError } from './api.ts';

export interface Workspace {
  currency: string;
  timeZone?: string;
}

export interface Session {
  api: ApiClient;
  workspace: Workspace;
}

/** The admin key is kept for this browser tab's session only (sessionStorage), never in localStorage or cookies. */
const storageKey = (endpoint: string) => `rfm-admin:${endpoint}`;

export const session = signal<Session | null>(null);
export const api = computed(() => session.value?.api ?? null);

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export type LoginOutcome = { ok: true } | { ok: false; error: ApiError; status: number };

/** Checks the key against the edge before keeping it: a wrong key is refused with the edge's own words. */
export async function logIn(endpoint: string, adminKey: string, remember = true): Promise<LoginOutcome> {
  const trimmed = adminKey.trim();
  if (!trimmed) return { ok: false, status: 0, error: { code: 'missing_key', message: '' } };
  const client = createApiClient(endpoint, trimmed);
  const config = await client.get<{ currency?: string; timeZone?: string }>('/v1/admin/rfm-config');
  if (!config.ok) return { ok: false, status: config.status, error: config.error };
  const workspace: Workspace = { currency: config.data.currency ?? 'EUR', ...(config.data.timeZone ? { timeZone: config.data.timeZone } : {}) };
  session.value = { api: client, workspace };
  if (remember) storage()?.setItem(storageKey(client.endpoint), trimmed);
  return { ok: true };
}

export function logOut(): void {
  const current = session.value;
  if (current) storage()?.removeItem(storageKey(current.api.endpoint));
  session.value = null;
}

export async function resumeSession(endpoint: string): Promise<boolean> {
  const saved = storage()?.getItem(storageKey(endpoint.replace(/\/+$/, '')));
  if (!saved) return false;
  const outcome = await logIn(endpoint, saved);
  if (!outcome.ok) storage()?.removeItem(storageKey(endpoint.replace(/\/+$/, '')));
  return outcome.ok;
}
