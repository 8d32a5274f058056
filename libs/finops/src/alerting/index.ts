export * from './delivery-plan';
export * from './deployment-capacity';
export * from './destination-payloads';
export * from './destination-url-check';
export * from './saturation-forecast';
export * from './webhook-signature';
