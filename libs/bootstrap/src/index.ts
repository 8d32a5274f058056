// What every app's bootstrap shares: the common modules, the start of an application context, and
// the background work a process repeats from start to shutdown.
export * from './application-context';
export * from './process-modules';
export * from './repeating-task';
