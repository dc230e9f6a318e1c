import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../deps.ts';
import { keyHash, keyKindOf, type KeyKind } from '../../workspaces/keys.ts';
import { WORKSPACE_COLUMNS, workspaceFromRow } from '../../workspaces/workspace.ts';
import { apiError } from '../errors.ts';

const KIND_NAMES: Record<KeyKind, string> = { publishable: 'publishable (pk_)', secret: 'secret (sk_)', admin: 'admin (ak_)' };

/**
 * Resolves the API key to its workspace and refuses keys of the wrong kind. Keys come as
 * `Authorization: Bearer <key>`; only publishable keys may ride in `?key=`, because sendBeacon cannot set headers
 * and because anything in a URL ends up in logs.
 */
export function requireKey(...allowed: KeyKind[]) {
  return createMiddleware<AppEnv>(async (context, next) => {
    const key = keyFrom(context.req.header('authorization'), context.req.query('key'));
    const kind = keyKindOf(key);
    if (!kind) throw apiError(401, 'unauthorized', 'The API key is not one of ours (expected pk_, sk_ or ak_)');
    const { rows } = await context.var.db.execute({
      sql: `SELECT k.kind, ${WORKSPACE_COLUMNS} FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
            WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
      args: [await keyHash(key)],
    });
    const row = rows[0];
    if (!row || row.kind !== kind) throw apiError(401, 'unauthorized', 'The API key is unknown or revoked');
    if (!allowed.includes(kind)) {
      throw apiError(403, 'forbidden', `${withArticle(KIND_NAMES[kind])} key cannot do this; use ${allowed.map((k) => withArticle(KIND_NAMES[k]).toLowerCase()).join(' or ')} key`);
    }
    const workspace = workspaceFromRow(row);
    if (kind === 'admin') refuseForeignAdminOrigin(context.req.header('origin'), context.req.url, workspace.allowedOrigins);
    context.set('auth', { workspace, keyKind: kind });
    await next();
  });
}

export function keyFrom(authorization: string | undefined, queryKey: string | undefined): string {
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw apiError(401, 'unauthorized', 'The Authorization header must be "Bearer <key>"');
    return match[1]!;
  }
  if (queryKey) {
    if (!queryKey.startsWith('pk_')) throw apiError(401, 'unauthorized', 'Only publishable keys may be sent in the query; send other keys as "Authorization: Bearer <key>"');
    return queryKey;
  }
  throw apiError(401, 'unauthorized', 'An API key is required: "Authorization: Bearer <key>"');
}

/**
 * The admin widget may be embedded in a shop's back office on another origin, but only on one of the workspace's
 * allowed origins: a page elsewhere holding a leaked admin key is refused before anything runs.
 */
function refuseForeignAdminOrigin(origin: string | undefined, requestUrl: string, allowedOrigins: readonly string[]): void {
  if (!origin || origin === new URL(requestUrl).origin || allowedOrigins.includes(origin)) return;
  throw apiError(403, 'origin_not_allowed', `The admin cannot be used from ${origin}: add it to the workspace's allowed origins`);
}

/** "an admin", "a secret": the article English needs before a key kind's name. */
function withArticle(name: string): string {
  return /^[aeiou]/i.test(name) ? `An ${name}` : `A ${name}`;
}
