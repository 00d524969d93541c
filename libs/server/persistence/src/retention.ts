/**
 * How long records that are not evidence are kept (README "Retention"). Audit events and messages are
 * evidence and are never removed.
 */
export const IDEMPOTENCY_KEY_HOURS = 24;
export const DEFAULT_COMMANDS_RETENTION_DAYS = 30;
export const DEFAULT_EVENTS_RETENTION_DAYS = 7;
