export * from './model-memory';
export * from './throughput-lookup';
export * from './deployment-sizing';
export * from './open-model-profile';
