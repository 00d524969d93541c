export * from './shared/domain-error';
export * from './shared/domain-event';
export * from './shared/actor';
export * from './shared/money';
