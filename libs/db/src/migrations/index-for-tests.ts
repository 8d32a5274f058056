// The migration pieces without Nest or the generated client, for scripts and test setup.
export * from './migration-files';
export * from './migration-runner';
