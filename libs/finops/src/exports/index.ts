export * from './csv-text';
export * from './focus-csv-writer';
export * from './focus-rows';
export * from './focus-template-cache';
