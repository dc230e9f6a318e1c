import type { SqlDriver } from '../../db/driver.ts';
import type { SegmentDefinition } from '../engine/rules/index.ts';

export async function loadEnabledSegments(driver: SqlDriver, workspaceId: string, direction?: 'inbound' | 'outbound'): Promise<SegmentDefinition[]> {
  const { rows } = await driver.execute({
    sql: 'SELECT key, name, rule, priority FROM segments WHERE workspace_id = ? AND enabled = 1 AND (? IS NULL OR direction = ?) ORDER BY priority DESC, key',
    args: [workspaceId, direction ?? null, direction ?? null],
  });
  return rows.map((row) => ({ key: String(row.key), name: String(row.name), rule: JSON.parse(String(row.rule)), priority: Number(row.priority) }));
}
