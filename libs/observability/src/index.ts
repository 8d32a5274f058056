export * from './health-http-server';
export * from './logger-options';
export * from './metrics.service';
export * from './observability.module';
export * from './readiness.service';
