export * from './tco';
export * from './sizing';
export * from './catalogs';
export * from './scenario';
export * from './pricing';
export * from './planner';
export * from './exports';
export * from './reports';
