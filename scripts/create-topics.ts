// Creates the missing TokenMeter topics; existing topics are left alone. Run by scripts/stack.sh
// and by the docker-compose `topics` service:
//   node -r ./scripts/register.js scripts/create-topics.ts [prefix]
// Brokers, client id and the default prefix come from KAFKA_BROKERS, KAFKA_CLIENT_ID and
// TOPIC_PREFIX (libs/config), the same variables the apps read; a prefix argument wins.
import { loadConfigOrExit } from '@tokenmeter/config';
// The file, not the @tokenmeter/kafka barrel: this one-shot needs kafkajs, not Nest.
import { ensureTopics } from '../libs/kafka/src/ensure-topics';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const prefix = process.argv[2] ?? config.TOPIC_PREFIX;
  const brokers = config.KAFKA_BROKERS.split(',');
  const { created, existing } = await ensureTopics(brokers, prefix, { clientId: `${config.KAFKA_CLIENT_ID}-topics` });
  const where = `${brokers.join(',')}${prefix ? ` (prefix "${prefix}")` : ''}`;
  process.stdout.write(
    created.length === 0
      ? `all ${existing.length} topics exist on ${where}\n`
      : `created ${created.join(', ')} on ${where}${existing.length > 0 ? `; ${existing.length} existed` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`create-topics: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
