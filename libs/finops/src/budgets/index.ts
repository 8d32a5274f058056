export * from './budget-status';
export * from './scope-spend';
