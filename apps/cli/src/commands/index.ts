// Every `tokenmeter` subcommand, in the order help lists them.
import { registerAlertsCommand } from './alerts-command';
import { registerAssumptionsCommand } from './assumptions-command';
import { registerBreakevenCommand } from './breakeven-command';
import { registerBudgetsCommand } from './budgets-command';
import { registerDemoCommand } from './demo-command';
import { registerDeploymentsCommand } from './deployments-command';
import { registerEmitCommand } from './emit-command';
import { registerExplainCommand } from './explain-command';
import { registerKeysCommand } from './keys-command';
import { registerNormalizeCommand } from './normalize-command';
import { registerParseLogsCommand } from './parse-logs-command';
import { registerParseVllmCommand } from './parse-vllm-command';
import { registerPlanCommand } from './plan-command';
import { registerRecommendCommand } from './recommend-command';
import { registerReconcileCommand } from './reconcile-command';
import type { RegisterCommand } from './register-command';
import { registerReportCommand } from './report-command';
import { registerSeedCommand } from './seed-command';
import { registerServeCommand } from './serve-command';
import { registerSubstitutesCommand } from './substitutes-command';
import { registerTeamsCommand } from './teams-command';
import { registerUtilizationCommand } from './utilization-command';

export const commands: RegisterCommand[] = [
  registerAlertsCommand,
  registerAssumptionsCommand,
  registerBreakevenCommand,
  registerBudgetsCommand,
  registerDemoCommand,
  registerDeploymentsCommand,
  registerEmitCommand,
  registerExplainCommand,
  registerKeysCommand,
  registerNormalizeCommand,
  registerParseLogsCommand,
  registerParseVllmCommand,
  registerPlanCommand,
  registerRecommendCommand,
  registerReconcileCommand,
  registerReportCommand,
  registerSeedCommand,
  registerServeCommand,
  registerSubstitutesCommand,
  registerTeamsCommand,
  registerUtilizationCommand,
];
