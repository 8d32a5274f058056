// Creates the missing TokenMeter topics (existing topics are left alone) and, on a broker with
// SASL, grants TokenMeter's principals their ACLs. Run by scripts/stack.sh and by the
// docker-compose `topics` service, signed in as the admin:
//   node -r ./scripts/register.js scripts/create-topics.ts [prefix] [--producer NAME]…
// Brokers, sign-in, client id, the default prefix and the ingest group come from KAFKA_BROKERS,
// KAFKA_SASL_MECHANISM/KAFKA_USERNAME/KAFKA_PASSWORD, KAFKA_CLIENT_ID, TOPIC_PREFIX and INGEST_GROUP_ID
// (libs/config), the same variables the apps read; a prefix argument wins. Each --producer is a SCRAM
// user (stack.sh add-producer) that may write usage.events and vllm.logs, besides tokenmeter-producer.
import { loadConfigOrExit } from '@tokenmeter/config';
// The files, not the @tokenmeter/kafka barrel: this one-shot needs kafkajs, not Nest.
import { KAFKA_PRINCIPALS } from '../libs/kafka/src/ensure-acls';
import { ensureTopics } from '../libs/kafka/src/ensure-topics';
import { kafkaSasl } from '../libs/kafka/src/kafka-client';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const args = process.argv.slice(2);
  const producers: string[] = [KAFKA_PRINCIPALS.producer];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== '--producer') positional.push(args[i]!);
    else if (args[i + 1]) producers.push(args[++i]!);
    else throw new Error('--producer: expected a principal name');
  }
  const prefix = positional[0] ?? config.TOPIC_PREFIX;
  const brokers = config.KAFKA_BROKERS.split(',');
  const sasl = kafkaSasl(config);
  const { created, existing, acls } = await ensureTopics(brokers, prefix, {
    clientId: `${config.KAFKA_CLIENT_ID}-topics`,
    sasl,
    acls: sasl ? { ingestGroup: config.INGEST_GROUP_ID, producers } : undefined,
  });
  const where = `${brokers.join(',')}${prefix ? ` (prefix "${prefix}")` : ''}`;
  const granted = acls > 0 ? `; ${acls} ACLs in place` : '';
  process.stdout.write(
    created.length === 0
      ? `all ${existing.length} topics exist on ${where}${granted}\n`
      : `created ${created.join(', ')} on ${where}${existing.length > 0 ? `; ${existing.length} existed` : ''}` +
          `${granted}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`create-topics: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
