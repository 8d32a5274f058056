import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { CompressionTypes, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { compressionType, registerCompressionCodecs } from './compression/compression-codecs';
import { KAFKA } from './kafka-tokens';

/**
 * One producer per process. `send` resolves only when every in-sync replica has the records
 * (acks = all), which is what the collector's 202 promises. Not kafkajs' idempotent mode: that
 * wants unbounded retries, and a request must fail in bounded time; a record written twice by a
 * retry is harmless because the consumer stores each (source, id) once. Records are compressed
 * as KAFKA_COMPRESSION says (off by default).
 */
@Injectable()
export class KafkaProducerService implements OnModuleDestroy {
  private readonly producer: Producer;
  private readonly compression: CompressionTypes;
  private connecting: Promise<void> | null = null;

  constructor(@Inject(KAFKA) kafka: Kafka, @Inject(APP_CONFIG) config: AppConfig) {
    // The default partitioner, named so kafkajs does not print its v2 notice on every start.
    this.producer = kafka.producer({
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.compression = compressionType(config.KAFKA_COMPRESSION);
  }

  private connect(): Promise<void> {
    this.connecting ??= registerCompressionCodecs()
      .then(() => this.producer.connect())
      .catch((error) => {
        this.connecting = null;
        throw error;
      });
    return this.connecting;
  }

  async send(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await this.producer.send({ topic, messages, acks: -1, compression: this.compression });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}
