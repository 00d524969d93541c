import type { RedisOptions } from 'bullmq';

function fromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * The api's connection fails fast (docs/architecture.md#connections-by-role): no offline queue and one retry per request,
 * so a Redis outage becomes a 503 at once instead of a hung request.
 */
export function failFastRedisOptions(url: string, closing: () => boolean = () => false): RedisOptions {
  return {
    ...fromUrl(url),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: false,
    retryStrategy: reconnect(closing),
  };
}

/** Workers' (and blocking readers') connections wait for Redis to come back. */
export function patientRedisOptions(url: string, closing: () => boolean = () => false): RedisOptions {
  return { ...fromUrl(url), maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: reconnect(closing) };
}

/**
 * Reconnect with a growing pause while the process runs; stop once it is shutting down (`closing`), so that
 * a connection to a Redis that is gone does not keep the process alive. Copies that BullMQ makes of a
 * connection keep the same strategy.
 */
function reconnect(closing: () => boolean): (times: number) => number | null {
  return (times) => (closing() ? null : Math.min(times * 200, 5000));
}
