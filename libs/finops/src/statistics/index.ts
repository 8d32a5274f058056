export * from './median';
export * from './percentile';
