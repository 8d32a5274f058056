export * from './batch-consumer';
export * from './partition-lane';
export * from './dead-letter-publisher';
export * from './kafka-client';
export * from './kafka-producer.service';
export * from './kafka-tokens';
export * from './kafka.module';
export * from './ensure-topics';
