import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { topicNames } from '@tokenmeter/contracts';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { createKafka } from './kafka-client';
import { KafkaProducerService } from './kafka-producer.service';
import { KAFKA, TOPICS } from './kafka-tokens';

@Global()
@Module({
  providers: [
    {
      provide: KAFKA,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createKafka(config, config.KAFKA_CLIENT_ID, config.LOG_LEVEL, config.LOG_FILE),
    },
    { provide: TOPICS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => topicNames(config.TOPIC_PREFIX) },
    KafkaProducerService,
    DeadLetterPublisher,
  ],
  exports: [KAFKA, TOPICS, KafkaProducerService, DeadLetterPublisher],
})
export class KafkaModule {}
