export * from './price-entry';
export * from './price-per-mtok';
export * from './model-id-matcher';
export * from './bundled-model-resolver';
export * from './bundled-prices';
export * from './price-book';
export * from './usage-cost';
export * from './price-usage-record';
