export * from './provider-cost-export';
export * from './reconcile-costs';
