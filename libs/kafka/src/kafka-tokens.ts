/** The process's kafkajs client. */
export const KAFKA = Symbol('KAFKA');
/** Topic names with the configured prefix (see libs/contracts topics.ts). */
export const TOPICS = Symbol('TOPICS');
