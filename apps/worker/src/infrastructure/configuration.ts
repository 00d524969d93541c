import { envNumber } from '@aftersale/server/messaging';

/** A setting that keeps a process from starting; its message is the one line the process prints. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * How long after a deadline its timer fires (DEADLINE_GRACE_MS, README "Configuration"). A decision the api
 * accepted before the deadline (`acceptedAt`, the database's clock) must be visible to the timer when it
 * fires: its row commits a moment after it is stamped, and an api that cannot enqueue it withdraws it within
 * ENQUEUE_TIMEOUT_MS. So the grace must be longer than that timeout; by default it is 3 s longer.
 */
export function deadlineGraceMs(): number {
  const enqueueTimeout = envNumber('ENQUEUE_TIMEOUT_MS', 2000);
  const grace = envNumber('DEADLINE_GRACE_MS', enqueueTimeout + 3000);
  if (grace <= enqueueTimeout)
    throw new ConfigurationError(
      `DEADLINE_GRACE_MS (${grace}) must be longer than ENQUEUE_TIMEOUT_MS (${enqueueTimeout}), or a decision accepted just before a deadline can lose to its timer`,
    );
  return grace;
}
