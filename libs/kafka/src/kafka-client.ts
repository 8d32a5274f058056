import { Kafka, LogEntry, logLevel } from 'kafkajs';
import pino from 'pino';

/**
 * A kafkajs client for the configured brokers. kafkajs logs through pino as JSON lines like the
 * rest of the process; its ERROR lines are mostly conditions it retries by itself (coordinator
 * loading, rebalancing), so they are logged as warnings and real failures surface as exceptions.
 * With `file` the lines are appended there instead of stderr (LOG_FILE).
 */
export function createKafka(brokers: string, clientId: string, level = 'warn', file?: string): Kafka {
  const destination = file ? pino.destination({ dest: file, append: true, mkdir: true }) : pino.destination(2);
  const logger = pino({ level, base: { component: 'kafkajs', clientId } }, destination);
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
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
