export * from './budget-status';
export * from './scope-spend';
export * from './spend-anomaly';
