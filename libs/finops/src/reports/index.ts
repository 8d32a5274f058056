export * from './breakeven-chart-data';
export * from './weekly-report';
