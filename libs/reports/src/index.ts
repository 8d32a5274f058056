// The weekly report for every door it is asked through: the builder (reads the planner's tables
// through libs/db, stores the result) and the pure HTML/SVG renderers of the report and dashboard
// pages. The worker's Monday job, the API's pages and JSON, and `tokenmeter report` all use it.

export * from './html/alerts-page';
export * from './html/budgets-page';
export * from './html/dashboard-page';
export * from './html/html-escape';
export * from './html/money-format';
export * from './html/page-layout';
export * from './html/report-charts';
export * from './html/svg-chart';
export * from './html/weekly-report-page';
export * from './weekly-report.module';
export * from './weekly-report-builder';
