// Every `tokenmeter` subcommand by name, in the order help lists them. A command's module, and the
// database, planner or charts it imports, loads only when that command runs (or help lists them all):
// a command starts without every other command's imports.
import type { RegisterCommand } from './register-command';

export interface CommandEntry {
  /** The name it registers, which selects it on the command line. */
  name: string;
  load: () => Promise<RegisterCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'alerts', load: () => import('./alerts-command').then((m) => m.registerAlertsCommand) },
  { name: 'assumptions', load: () => import('./assumptions-command').then((m) => m.registerAssumptionsCommand) },
  { name: 'breakeven', load: () => import('./breakeven-command').then((m) => m.registerBreakevenCommand) },
  { name: 'budgets', load: () => import('./budgets-command').then((m) => m.registerBudgetsCommand) },
  { name: 'demo', load: () => import('./demo-command').then((m) => m.registerDemoCommand) },
  { name: 'deployments', load: () => import('./deployments-command').then((m) => m.registerDeploymentsCommand) },
  { name: 'emit', load: () => import('./emit-command').then((m) => m.registerEmitCommand) },
  { name: 'explain', load: () => import('./explain-command').then((m) => m.registerExplainCommand) },
  { name: 'keys', load: () => import('./keys-command').then((m) => m.registerKeysCommand) },
  { name: 'normalize', load: () => import('./normalize-command').then((m) => m.registerNormalizeCommand) },
  { name: 'parse-logs', load: () => import('./parse-logs-command').then((m) => m.registerParseLogsCommand) },
  { name: 'parse-vllm', load: () => import('./parse-vllm-command').then((m) => m.registerParseVllmCommand) },
  { name: 'plan', load: () => import('./plan-command').then((m) => m.registerPlanCommand) },
  { name: 'recommend', load: () => import('./recommend-command').then((m) => m.registerRecommendCommand) },
  { name: 'reconcile', load: () => import('./reconcile-command').then((m) => m.registerReconcileCommand) },
  { name: 'report', load: () => import('./report-command').then((m) => m.registerReportCommand) },
  { name: 'seed', load: () => import('./seed-command').then((m) => m.registerSeedCommand) },
  { name: 'serve', load: () => import('./serve-command').then((m) => m.registerServeCommand) },
  { name: 'substitutes', load: () => import('./substitutes-command').then((m) => m.registerSubstitutesCommand) },
  { name: 'teams', load: () => import('./teams-command').then((m) => m.registerTeamsCommand) },
  { name: 'utilization', load: () => import('./utilization-command').then((m) => m.registerUtilizationCommand) },
];

/**
 * The commands to register for `args`: the one named (`tokenmeter teams list`, `tokenmeter help teams`),
 * else all of them, for the program's help and for commander's "unknown command" suggestions.
 */
export function commandsFor(args: readonly string[]): CommandEntry[] {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  const named = commands.find((entry) => entry.name === name);
  return named ? [named] : commands;
}
