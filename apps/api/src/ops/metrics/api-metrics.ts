import { INestApplication, Injectable } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JOB_STATES, REFUND_STATES } from '@aftersale/contracts';
import { withTimeout } from '@aftersale/server/messaging';
import { OpsReads } from '@aftersale/server/persistence';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';

/** What a command came to, as the api answered it. */
export type CommandOutcomeLabel = 'succeeded' | 'refused' | 'pending' | 'unavailable' | 'error';

/**
 * The api's Prometheus series (docs/operations.md "Metrics"), on a registry of its own so that a worker in
 * the same process (the tests) keeps its own. Queue, outbox and refund figures are read when scraped.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'aftersale_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'aftersale_commands_total',
    help: 'Commands answered by the api, by type and outcome (succeeded, refused, pending = 202, unavailable = 503)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly acceptedBatchSize = new Histogram({
    name: 'aftersale_accepted_command_batch_size',
    help: 'Accepted commands the api recorded in one transaction (docs/architecture.md#command-batches)',
    buckets: [1, 2, 4, 8, 16],
    registers: [this.registry],
  });
  readonly acceptedBatchesReplayed = new Counter({
    name: 'aftersale_accepted_command_batches_replayed_total',
    help: 'Batches of accepted commands that failed and were written again one command at a time',
    registers: [this.registry],
  });

  constructor(
    private readonly queues: QueueRegistry,
    private readonly reads: OpsReads,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'aftersale_api_' });
    const registry = this.queues;
    new Gauge({
      name: 'aftersale_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          registry.all.map(async (queue) => {
            const counts = await withTimeout(queue.getJobCounts(...JOB_STATES), 2000, 'queue counts').catch(() => null);
            if (counts) for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'aftersale_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting job per queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          registry.all.map(async (queue) => {
            const [oldest] = await withTimeout(queue.getJobs(['wait'], 0, 0, true), 2000, 'oldest job').catch(() => [
              undefined,
            ]);
            this.set({ queue: queue.name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
          }),
        );
      },
    });
    const outbox = this.reads;
    new Gauge({
      name: 'aftersale_outbox_lag_seconds',
      help: 'Age of the oldest event not yet published by the outbox relay (0 when none)',
      registers: [this.registry],
      async collect() {
        const row = await outbox.outboxBacklog().catch(() => ({ lag: NaN }));
        this.set(Math.max(0, row.lag));
      },
    });
    new Gauge({
      name: 'aftersale_outbox_unpublished',
      help: 'Events committed and not yet published',
      registers: [this.registry],
      async collect() {
        const row = await outbox.outboxBacklog().catch(() => ({ unpublished: NaN }));
        this.set(row.unpublished);
      },
    });
    new Gauge({
      name: 'aftersale_refunds',
      help: 'Refunds by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await outbox.refundsByState().catch(() => []);
        for (const state of REFUND_STATES) this.set({ state }, rows.find((row) => row.state === state)?.n ?? 0);
      },
    });
  }

  countCommand(type: string, outcome: CommandOutcomeLabel): void {
    this.commands.inc({ type, outcome });
  }
}

/** The route pattern (not the path: ids would explode the label set), or `unmatched`. */
function routeOf(request: Request): string {
  const route = (request as Request & { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${request.baseUrl}${route}`;
  if (request.baseUrl) return request.baseUrl; // a mounted router (bull-board)
  return 'unmatched';
}

/** Times every request, and serves `GET /metrics` (unauthenticated; expose it inside the deployment only). */
export function mountMetrics(app: INestApplication): void {
  const metrics = app.get(ApiMetrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/metrics') return next();
    const end = metrics.httpDuration.startTimer();
    response.on('finish', () =>
      end({ method: request.method, route: routeOf(request), status: String(response.statusCode) }),
    );
    next();
  });
  app.use('/metrics', async (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path !== '/') return next();
    response.setHeader('Content-Type', metrics.registry.contentType);
    response.end(await metrics.registry.metrics());
  });
}
