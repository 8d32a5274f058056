// One value the alert step evaluates against a rule tonight.
import type { AlertKind } from '@tokenmeter/finops';

export interface Check {
  team: string;
  kind: AlertKind;
  subject: string;
  value: number | null;
  threshold?: number;
  /** The condition no longer applies (not a migrate recommendation any more): a firing alert resolves. */
  cleared?: boolean;
  message: (value: number | null, threshold: number) => string;
  evidence: Record<string, unknown>;
}
