export * from './breakeven-scenario';
export * from './evaluate-breakeven-scenario';
export * from './scenario-problems';
