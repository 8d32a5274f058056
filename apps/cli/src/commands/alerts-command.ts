// tokenmeter alerts rules|destinations|test|history — alerting as data from the command line, the
// same tables and audit trail as /v1/alerts (changes are audited as `cli:<user>`).
import { loadConfigOrExit } from '@tokenmeter/config';
import {
  AlertConfigAuditRepository,
  AlertDeliveryRepository,
  AlertEventRepository,
  AlertRuleRepository,
  AuditActor,
  WebhookEndpointRepository,
} from '@tokenmeter/db';
import {
  type AlertKind,
  type AlertRuleNumbers,
  alertRuleSettingProblems,
  DEFAULT_ALERT_RULES,
  DESTINATION_TYPES,
  destinationUrlProblem,
  isAlertKind,
  ORG_TEAM,
} from '@tokenmeter/finops';
import { DestinationTestMessage, urlPolicyOf, WebhookSender } from '@tokenmeter/planner';
import { Command, InvalidArgumentError } from 'commander';
import { withDb } from '../cli-context';
import type { RegisterCommand } from './register-command';

const cliActor = (): AuditActor => ({ actor: `cli:${process.env.USER ?? 'unknown'}`, role: 'finops' });
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function number(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name}: expected a number, got "${value}"`);
    return n;
  };
}

function instantOrNull(value: string): string | null {
  if (value === 'none') return null;
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError(`--until: expected an ISO 8601 date-time or "none", got "${value}"`);
  return new Date(value).toISOString();
}

function kindList(value: string): string[] {
  const kinds = value.split(',').filter(Boolean);
  for (const k of kinds) if (!isAlertKind(k)) throw new InvalidArgumentError(`--kinds: unknown alert kind "${k}"`);
  return kinds;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export const registerAlertsCommand: RegisterCommand = (program: Command) => {
  const alerts = program.command('alerts').description('alert rules, destinations, test messages and history');

  const rules = alerts.command('rules').description('alert rules (a team\'s own, or "*" for the organization)');
  rules
    .command('list')
    .option('--team <slug>', "one team (and the organization's rules)")
    .action(async (o: { team?: string }) => {
      const all = await withDb((get) => get(AlertRuleRepository).list());
      for (const r of all.filter((r) => !o.team || r.team === o.team || r.team === ORG_TEAM)) print(r);
    });
  rules
    .command('add <kind> <threshold>')
    .description(`create a rule; kinds: ${Object.keys(DEFAULT_ALERT_RULES).join(', ')}`)
    .option('--team <slug>', 'team, or "*" for the organization', ORG_TEAM)
    .option('--hysteresis <share>', 'share the value must move back before resolving', number('--hysteresis'))
    .option('--cooldown-days <days>', 'days after a resolution before it may fire again', number('--cooldown-days'))
    .option('--disabled', 'create it switched off')
    .action(
      async (
        kind: string,
        threshold: string,
        o: { team: string; hysteresis?: number; cooldownDays?: number; disabled?: boolean },
      ) => {
        if (!isAlertKind(kind))
          fail(`kind: expected one of ${Object.keys(DEFAULT_ALERT_RULES).join(', ')}, got "${kind}"`);
        const value = number('threshold')(threshold);
        refuseSettings(kind, { threshold: value, hysteresis: o.hysteresis, cooldownDays: o.cooldownDays });
        const base = DEFAULT_ALERT_RULES[kind];
        const rule = await withDb((get) =>
          get(AlertRuleRepository).create(
            {
              team: o.team,
              kind,
              threshold: value,
              hysteresis: o.hysteresis ?? base.hysteresis,
              cooldownDays: o.cooldownDays ?? base.cooldownDays,
              enabled: !o.disabled,
              mutedUntil: null,
            },
            cliActor(),
          ),
        );
        print(rule);
      },
    );
  rules
    .command('set <id>')
    .description('change a rule')
    .option('--threshold <value>', 'threshold', number('--threshold'))
    .option('--hysteresis <share>', 'hysteresis share', number('--hysteresis'))
    .option('--cooldown-days <days>', 'cooldown in days', number('--cooldown-days'))
    .option('--enabled <bool>', 'true or false', (v) => v === 'true')
    .action(
      async (id: string, o: { threshold?: number; hysteresis?: number; cooldownDays?: number; enabled?: boolean }) => {
        const rule = await withDb(async (get) => {
          const rules = get(AlertRuleRepository);
          const stored = await rules.byId(id);
          if (stored && isAlertKind(stored.kind)) refuseSettings(stored.kind, o);
          return stored ? rules.update(id, o, cliActor()) : null;
        });
        if (!rule) fail(`id: no rule "${id}"`);
        print(rule);
      },
    );
  rules
    .command('mute <id>')
    .requiredOption('--until <time>', 'ISO 8601 date-time, or "none" to unmute', instantOrNull)
    .action(async (id: string, o: { until: string | null }) => {
      const rule = await withDb((get) =>
        get(AlertRuleRepository).update(id, { mutedUntil: o.until }, cliActor(), 'mute'),
      );
      if (!rule) fail(`id: no rule "${id}"`);
      print(rule);
    });
  rules.command('delete <id>').action(async (id: string) => {
    const rule = await withDb((get) => get(AlertRuleRepository).delete(id, cliActor()));
    if (!rule) fail(`id: no rule "${id}"`);
    print({ deleted: rule });
  });

  const destinations = alerts.command('destinations').description('where alerts are sent');
  destinations
    .command('list')
    .option('--team <slug>', 'one team')
    .action(async (o: { team?: string }) => {
      const all = await withDb((get) => get(WebhookEndpointRepository).list(o.team));
      for (const { secret, ...d } of all) print({ ...d, secretSet: secret !== '' });
    });
  destinations
    .command('add <type> <url>')
    .description(`add a destination; types: ${DESTINATION_TYPES.join(', ')} (email: the addresses as <url>)`)
    .option('--team <slug>', 'team (default: every team)')
    .option('--name <name>', 'display name', '')
    .option('--secret <secret>', 'HMAC secret (webhook) or routing key (pagerduty)', '')
    .option('--kinds <list>', 'alert kinds routed here, comma-separated (default: all)', kindList)
    .option('--max-per-hour <n>', 'messages an hour before transitions are grouped', number('--max-per-hour'))
    .action(
      async (
        type: string,
        url: string,
        o: { team?: string; name: string; secret: string; kinds?: string[]; maxPerHour?: number },
      ) => {
        if (!(DESTINATION_TYPES as readonly string[]).includes(type))
          fail(`type: expected one of ${DESTINATION_TYPES.join(', ')}, got "${type}"`);
        if (type !== 'email') {
          const problem = destinationUrlProblem(url, urlPolicyOf(loadConfigOrExit()));
          if (problem) fail(`url: ${problem}`);
        }
        if (type === 'pagerduty' && !o.secret) fail('--secret: expected the PagerDuty routing key');
        const row = await withDb((get) =>
          get(WebhookEndpointRepository).createAudited(
            {
              team: o.team ?? null,
              type,
              name: o.name,
              url,
              secret: o.secret,
              kinds: o.kinds,
              maxPerHour: o.maxPerHour,
            },
            cliActor(),
          ),
        );
        const { secret, ...shown } = row;
        print({ ...shown, secretSet: secret !== '' });
      },
    );
  destinations
    .command('mute <id>')
    .requiredOption('--until <time>', 'ISO 8601 date-time, or "none" to unmute', instantOrNull)
    .action(async (id: string, o: { until: string | null }) => {
      const row = await withDb((get) =>
        get(WebhookEndpointRepository).update(id, { mutedUntil: o.until }, cliActor(), 'mute'),
      );
      if (!row) fail(`id: no destination "${id}"`);
      print({ id: row.id, mutedUntil: row.mutedUntil });
    });
  destinations.command('delete <id>').action(async (id: string) => {
    const row = await withDb((get) => get(WebhookEndpointRepository).delete(id, cliActor()));
    if (!row) fail(`id: no destination "${id}"`);
    print({ deleted: row.id });
  });

  alerts
    .command('test <destination-id>')
    .description('send a sample message to a destination now')
    .action(async (id: string) => {
      const result = await withDb(async (get) => {
        const destination = await get(WebhookEndpointRepository).byId(id);
        if (!destination) fail(`destination-id: no destination "${id}"`);
        const sender = new WebhookSender(loadConfigOrExit());
        const status = await new DestinationTestMessage(sender, get(AlertDeliveryRepository)).send(
          destination,
          ORG_TEAM,
        );
        return { delivered: true, status };
      }).catch((error: Error) => fail(`test message failed: ${error.message}`));
      print(result);
    });

  alerts
    .command('history')
    .description('firings and resolutions with their evidence, newest first (JSON lines)')
    .option('--team <slug>', 'one team')
    .option('--from <date>', 'first night (YYYY-MM-DD)')
    .option('--to <date>', 'last night (YYYY-MM-DD)')
    .option('--audit', 'the audit trail of rule and destination changes instead')
    .action(async (o: { team?: string; from?: string; to?: string; audit?: boolean }) => {
      const rows = await withDb<unknown[]>((get) =>
        o.audit
          ? get(AlertConfigAuditRepository).list({ team: o.team })
          : get(AlertEventRepository).list({ team: o.team, from: o.from, to: o.to, limit: 1000 }),
      );
      for (const row of rows) print(row);
    });
};

/** Settings a rule's kind would accept and ignore are refused, naming the option (as the API names the field). */
function refuseSettings(kind: AlertKind, settings: AlertRuleNumbers) {
  const [problem] = alertRuleSettingProblems(kind, settings);
  if (problem) fail(`${problem.field}: ${problem.message}`);
}
