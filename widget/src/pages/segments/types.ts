import type { RfmConfig, ResolvedThresholds } from '../../../../edge/engine/rfm/index.ts';
import type { ConditionOutcome, Rule } from '../../../../edge/engine/rules/index.ts';

/** A segment as GET /v1/admin/segments answers it (edge/segments/routes.ts, segmentView). */
export interface SegmentView {
  key: string;
  name: string;
  kind: 'rfm' | 'rule';
  direction: 'inbound' | 'outbound';
  rule: Rule;
  priority: number;
  exclusions: string[];
  lifecycleGroup: string | null;
  enabled: boolean;
  version: number;
  /** only for segments whose membership is stored (outbound, or watched by a trigger) */
  memberCount?: number;
  createdAt: string;
  updatedAt: string;
}

/** POST /v1/admin/segments/preview */
export interface PreviewResult {
  matching: number;
  contacts: number;
  asOf: string;
  sample: { customerId: string; email: string | null; why: ConditionOutcome[] }[];
}

/** GET /v1/admin/rfm-config */
export interface RfmConfigView {
  config: RfmConfig;
  thresholds: ResolvedThresholds;
  timeZone: string;
  currency: string;
}
