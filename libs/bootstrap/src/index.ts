// What every app's bootstrap shares: the common modules and the start of an application context.
export * from './application-context';
export * from './process-modules';
