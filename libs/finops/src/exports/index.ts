export * from './csv-text';
export * from './focus-rows';
