export * from './breakeven-chart-data';
export * from './iso-week';
export * from './weekly-report';
