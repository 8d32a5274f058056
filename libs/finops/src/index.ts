export * from './catalogs';
export * from './exports';
export * from './planner';
export * from './pricing';
export * from './reports';
export * from './scenario';
export * from './sizing';
export * from './tco';
