import type { SqlDriver, SqlRow } from '../../db/driver.ts';
import type { Rule, SegmentDefinition } from '../engine/rules/index.ts';

export interface StoredSegment extends SegmentDefinition {
  id: string;
  kind: 'rfm' | 'rule';
  direction: 'inbound' | 'outbound';
  exclusions: string[];
  lifecycleGroup: string | null;
  enabled: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = 'id, key, name, kind, direction, rule, priority, exclusions, lifecycle_group, enabled, version, created_at, updated_at';

function segmentFromRow(row: SqlRow): StoredSegment {
  return {
    id: String(row.id),
    key: String(row.key),
    name: String(row.name),
    kind: row.kind === 'rfm' ? 'rfm' : 'rule',
    direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
    rule: JSON.parse(String(row.rule)) as Rule,
    priority: Number(row.priority),
    exclusions: JSON.parse(String(row.exclusions ?? '[]')) as string[],
    lifecycleGroup: row.lifecycle_group == null ? null : String(row.lifecycle_group),
    enabled: Number(row.enabled) === 1,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function listSegments(driver: SqlDriver, workspaceId: string): Promise<StoredSegment[]> {
  const { rows } = await driver.execute({ sql: `SELECT ${COLUMNS} FROM segments WHERE workspace_id = ? ORDER BY priority DESC, key`, args: [workspaceId] });
  return rows.map(segmentFromRow);
}

export async function findSegment(driver: SqlDriver, workspaceId: string, key: string): Promise<StoredSegment | null> {
  const { rows } = await driver.execute({ sql: `SELECT ${COLUMNS} FROM segments WHERE workspace_id = ? AND key = ?`, args: [workspaceId, key] });
  return rows[0] ? segmentFromRow(rows[0]) : null;
}

/** Keys of the segments whose membership is stored: outbound ones and any an enabled trigger watches. */
export async function materialisedSegmentKeys(driver: SqlDriver, workspaceId: string): Promise<Set<string>> {
  const { rows } = await driver.execute({
    sql: `SELECT key FROM segments WHERE workspace_id = ? AND enabled = 1
            AND (direction = 'outbound' OR key IN (SELECT segment_key FROM triggers WHERE workspace_id = ? AND enabled = 1))`,
    args: [workspaceId, workspaceId],
  });
  return new Set(rows.map((row) => String(row.key)));
}
