import type { SqlDriver } from '../../db/driver.ts';
import type { SegmentDefinition } from '../engine/rules/index.ts';

/**
 * The enabled segment definitions the engine evaluates, with exclusions and lifecycle groups. Decide and the
 * contact view evaluate every enabled segment (outbound ones too, so content can target them and rules can refer
 * to them); only the stored memberships distinguish outbound segments.
 */
export async function loadEnabledSegments(driver: SqlDriver, workspaceId: string): Promise<SegmentDefinition[]> {
  const { rows } = await driver.execute({
    sql: 'SELECT key, name, rule, priority, exclusions, lifecycle_group FROM segments WHERE workspace_id = ? AND enabled = 1 ORDER BY priority DESC, key',
    args: [workspaceId],
  });
  return rows.map((row) => ({
    key: String(row.key),
    name: String(row.name),
    rule: JSON.parse(String(row.rule)),
    priority: Number(row.priority),
    exclusions: JSON.parse(String(row.exclusions ?? '[]')) as string[],
    lifecycleGroup: row.lifecycle_group == null ? null : String(row.lifecycle_group),
  }));
}
