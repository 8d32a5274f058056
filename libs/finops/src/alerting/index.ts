export * from './destination-payloads';
export * from './destination-url-check';
export * from './webhook-signature';
