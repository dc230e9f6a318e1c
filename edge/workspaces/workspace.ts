import type { SqlDriver, SqlRow, SqlStatement } from '../../db/driver.ts';
import { DEFAULT_RFM_CONFIG, resolveThresholds, type ResolvedThresholds, type RfmConfig } from '../engine/rfm/index.ts';
import { presetSegments } from '../engine/rules/index.ts';
import { generateKey, randomToken, sha256Hex, type KeyKind } from './keys.ts';

export interface WorkspaceSettings {
  rfm: RfmConfig;
  requireConsent: boolean;
}

export interface Workspace {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  allowedOrigins: string[];
  identitySecret: string;
  settings: WorkspaceSettings;
  thresholds: ResolvedThresholds;
  configVersion: number;
  tickedDay: number | null;
}

export interface NewWorkspace {
  name: string;
  currency?: string;
  timeZone?: string;
  allowedOrigins?: string[];
  settings?: Partial<WorkspaceSettings>;
}

export interface WorkspaceCredentials {
  workspaceId: string;
  publishableKey: string;
  secretKey: string;
  adminKey: string;
  identitySecret: string;
}

export const WORKSPACE_COLUMNS =
  'w.id, w.name, w.currency, w.time_zone, w.allowed_origins, w.identity_secret, w.settings, w.thresholds, w.config_version, w.ticked_day';

export function workspaceFromRow(row: SqlRow): Workspace {
  return {
    id: String(row.id),
    name: String(row.name),
    currency: String(row.currency),
    timeZone: String(row.time_zone),
    allowedOrigins: JSON.parse(String(row.allowed_origins)) as string[],
    identitySecret: String(row.identity_secret),
    settings: JSON.parse(String(row.settings)) as WorkspaceSettings,
    thresholds: JSON.parse(String(row.thresholds)) as ResolvedThresholds,
    configVersion: Number(row.config_version),
    tickedDay: row.ticked_day == null ? null : Number(row.ticked_day),
  };
}

export async function loadWorkspace(driver: SqlDriver, workspaceId: string): Promise<Workspace | null> {
  const { rows } = await driver.execute({ sql: `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.id = ?`, args: [workspaceId] });
  return rows[0] ? workspaceFromRow(rows[0]) : null;
}

export async function listWorkspaceIds(driver: SqlDriver): Promise<string[]> {
  const { rows } = await driver.execute<{ id: string }>({ sql: 'SELECT id FROM workspaces ORDER BY id' });
  return rows.map((row) => row.id);
}

/** Creates the workspace, its three keys (stored hashed) and the preset RFM segments in one transaction. */
export async function createWorkspace(driver: SqlDriver, input: NewWorkspace, now = Date.now()): Promise<WorkspaceCredentials> {
  const workspaceId = `ws_${randomToken(9)}`;
  const settings: WorkspaceSettings = { rfm: DEFAULT_RFM_CONFIG, requireConsent: false, ...input.settings };
  const thresholds = resolveThresholds(settings.rfm, { recencyDays: [], frequency: [], monetary: [] }, now);
  const keys = { publishable: generateKey('publishable'), secret: generateKey('secret'), admin: generateKey('admin') } satisfies Record<KeyKind, string>;
  const identitySecret = `is_${randomToken(32)}`;

  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO workspaces (id, name, currency, time_zone, allowed_origins, identity_secret, settings, thresholds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        workspaceId,
        input.name,
        (input.currency ?? 'EUR').toUpperCase(),
        input.timeZone ?? 'UTC',
        JSON.stringify(input.allowedOrigins ?? []),
        identitySecret,
        JSON.stringify(settings),
        JSON.stringify(thresholds),
      ],
    },
  ];
  for (const [kind, key] of Object.entries(keys)) {
    statements.push({
      sql: 'INSERT INTO api_keys (id, workspace_id, kind, key_hash, display_prefix) VALUES (?, ?, ?, ?, ?)',
      args: [`key_${randomToken(9)}`, workspaceId, kind, await sha256Hex(key), key.slice(0, 7)],
    });
  }
  for (const segment of presetSegments(settings.rfm)) {
    statements.push({
      sql: `INSERT INTO segments (id, workspace_id, key, name, kind, direction, rule, priority) VALUES (?, ?, ?, ?, 'rfm', 'inbound', ?, ?)`,
      args: [`seg_${randomToken(9)}`, workspaceId, segment.key, segment.name, JSON.stringify(segment.rule), segment.priority],
    });
  }
  await driver.batch(statements);
  return { workspaceId, publishableKey: keys.publishable, secretKey: keys.secret, adminKey: keys.admin, identitySecret };
}
