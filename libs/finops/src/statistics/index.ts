export * from './median';
