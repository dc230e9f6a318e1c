import type { SqlDriver, SqlRow } from '../../db/driver.ts';
import type { ContentRule } from '../engine/decide/index.ts';
import { randomToken } from '../workspaces/keys.ts';

export interface StoredContentRule extends ContentRule {
  name: string;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = 'id, slot, segment_key, name, variant_html, priority, enabled, starts_at, ends_at, created_at, updated_at';

function ruleFromRow(row: SqlRow): StoredContentRule {
  return {
    id: String(row.id),
    slot: String(row.slot),
    segmentKey: String(row.segment_key),
    name: String(row.name),
    html: String(row.variant_html),
    priority: Number(row.priority),
    enabled: Number(row.enabled) === 1,
    startsAt: row.starts_at == null ? null : Number(row.starts_at),
    endsAt: row.ends_at == null ? null : Number(row.ends_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listContentRules(driver: SqlDriver, workspaceId: string, slot?: string): Promise<StoredContentRule[]> {
  const { rows } = await driver.execute({
    sql: `SELECT ${COLUMNS} FROM content_rules WHERE workspace_id = ? AND (? IS NULL OR slot = ?) ORDER BY slot, priority DESC, id`,
    args: [workspaceId, slot ?? null, slot ?? null],
  });
  return rows.map(ruleFromRow);
}

export async function findContentRule(driver: SqlDriver, workspaceId: string, id: string): Promise<StoredContentRule | null> {
  const { rows } = await driver.execute({ sql: `SELECT ${COLUMNS} FROM content_rules WHERE workspace_id = ? AND id = ?`, args: [workspaceId, id] });
  return rows[0] ? ruleFromRow(rows[0]) : null;
}

export interface ContentRuleValues {
  slot: string;
  segmentKey: string;
  name: string;
  html: string;
  priority: number;
  enabled: boolean;
  startsAt: number | null;
  endsAt: number | null;
}

const bumpVersion = (workspaceId: string) => ({ sql: 'UPDATE workspaces SET config_version = config_version + 1 WHERE id = ?', args: [workspaceId] });

/** Writes the rule and bumps the workspace's configuration version in one transaction, so decide sees it next request. */
export async function saveContentRule(driver: SqlDriver, workspaceId: string, id: string | null, values: ContentRuleValues, now: number): Promise<StoredContentRule> {
  const ruleId = id ?? `cr_${randomToken(9)}`;
  const args = [values.slot, values.segmentKey, values.name, values.html, values.priority, values.enabled ? 1 : 0, values.startsAt, values.endsAt, now];
  await driver.batch([
    id === null
      ? {
          sql: `INSERT INTO content_rules (slot, segment_key, name, variant_html, priority, enabled, starts_at, ends_at, updated_at, id, workspace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [...args, ruleId, workspaceId],
        }
      : {
          sql: `UPDATE content_rules SET slot = ?, segment_key = ?, name = ?, variant_html = ?, priority = ?, enabled = ?, starts_at = ?, ends_at = ?, updated_at = ?
                WHERE id = ? AND workspace_id = ?`,
          args: [...args, ruleId, workspaceId],
        },
    bumpVersion(workspaceId),
  ]);
  return (await findContentRule(driver, workspaceId, ruleId))!;
}

export async function deleteContentRule(driver: SqlDriver, workspaceId: string, id: string): Promise<boolean> {
  const [deleted] = await driver.batch([
    { sql: 'DELETE FROM content_rules WHERE workspace_id = ? AND id = ?', args: [workspaceId, id] },
    bumpVersion(workspaceId),
  ]);
  return deleted!.rowsAffected > 0;
}

export async function segmentExists(driver: SqlDriver, workspaceId: string, key: string): Promise<boolean> {
  const { rows } = await driver.execute({ sql: 'SELECT 1 AS found FROM segments WHERE workspace_id = ? AND key = ?', args: [workspaceId, key] });
  return rows.length > 0;
}
