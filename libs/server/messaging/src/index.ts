export * from './server-config';
export * from './redis-connection';
export * from './job-options';
export * from './command-outcome-waiter';
export * from './with-timeout';
export * from './correlation';
export * from './json-logger';
export * from './command-batches';
