export * from './scenario-problems';
export * from './breakeven-scenario';
export * from './evaluate-breakeven-scenario';
