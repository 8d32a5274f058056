// The nightly chain (rollup → forecast → utilization → recommendations → alerts) and its steps,
// as injectables without job handlers: apps/worker adds the processors and the scheduler, the
// CLI and the nightly benchmark run a night in-process through the same PlannerModule.
export * from './alert-dispatcher';
export * from './alert-step';
export * from './augurs-engines';
export * from './budget-watch';
export * from './destination-test-message';
export * from './forecast-pool';
export * from './forecast-refit';
export * from './forecast-step';
export * from './forecast-task';
export * from './nightly-chain';
export * from './organization-assumptions.service';
export * from './planner.module';
export * from './planner-enqueue';
export * from './recommendation-publisher';
export * from './recommendation-step';
export * from './rollup-step';
export * from './saturation-checks';
export * from './spend-anomaly-watch';
export * from './substitute-catalog.service';
export * from './utilization-step';
export * from './webhook-sender';
