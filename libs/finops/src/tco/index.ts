export * from './cost-model';
export * from './api-cost';
export * from './volume-path';
export * from './deployments-needed';
export * from './savings-timeline';
export * from './breakeven';
export * from './breakeven-sensitivity';
export * from './threshold-volume';
