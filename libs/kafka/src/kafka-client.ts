import { Kafka, logLevel } from 'kafkajs';

/** A kafkajs client for the configured brokers; kafkajs' own chatter is limited to errors. */
export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.ERROR,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
