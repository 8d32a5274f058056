export * from './api-cost';
export * from './breakeven';
export * from './breakeven-sensitivity';
export * from './cost-model';
export * from './deployments-needed';
export * from './savings-timeline';
export * from './threshold-volume';
export * from './volume-path';
