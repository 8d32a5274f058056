import type { AppConfig } from '@tokenmeter/config';
import { Kafka, LogEntry, logLevel, SASLOptions } from 'kafkajs';
import pino from 'pino';

/** Where the brokers are and how to sign in to them (libs/config names). */
export type KafkaConnection = Pick<
  AppConfig,
  'KAFKA_BROKERS' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_USERNAME' | 'KAFKA_PASSWORD'
>;

/**
 * kafkajs' SASL options for a connection; undefined when the broker takes anyone (mechanism none).
 * A mechanism without a username or password is a configuration error, said before any connect.
 */
export function kafkaSasl(connection: KafkaConnection): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_USERNAME: username, KAFKA_PASSWORD: password } = connection;
  if (mechanism === 'none') return undefined;
  for (const [name, value] of [
    ['KAFKA_USERNAME', username],
    ['KAFKA_PASSWORD', password],
  ] as const) {
    if (!value) {
      throw new Error(
        `config: ${name}: required when KAFKA_SASL_MECHANISM is ${mechanism} (set KAFKA_SASL_MECHANISM=none ` +
          'for a broker without authentication)',
      );
    }
  }
  return { mechanism, username, password };
}

/**
 * A kafkajs client for the configured brokers, signed in as KAFKA_USERNAME. kafkajs logs through
 * pino as JSON lines like the rest of the process; its ERROR lines are mostly conditions it retries
 * by itself (coordinator loading, rebalancing), so they are logged as warnings and real failures
 * surface as exceptions. With `file` the lines are appended there instead of stderr (LOG_FILE).
 */
export function createKafka(connection: KafkaConnection, clientId: string, level = 'warn', file?: string): Kafka {
  const destination = file ? pino.destination({ dest: file, append: true, mkdir: true }) : pino.destination(2);
  const logger = pino({ level, base: { component: 'kafkajs', clientId } }, destination);
  return new Kafka({
    clientId,
    brokers: connection.KAFKA_BROKERS.split(','),
    sasl: kafkaSasl(connection),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level: entryLevel, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
        if (entryLevel <= logLevel.WARN) logger.warn(fields, message);
        else logger.info(fields, message);
      },
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
