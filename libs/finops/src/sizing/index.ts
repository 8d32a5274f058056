export * from './deployment-capacity';
export * from './deployment-sizing';
export * from './memory-fit';
export * from './model-memory';
export * from './open-model-profile';
export * from './throughput-lookup';
