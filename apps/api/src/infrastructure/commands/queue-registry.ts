import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { JOBS, JobName, QueueName } from '@aftersale/contracts';
import {
  CommandOutcomeWaiter,
  defaultJobOptions,
  failFastRedisOptions,
  ServerConfig,
  withTimeout,
} from '@aftersale/server/messaging';

/** The api's producers (fail-fast connection) and its one outcome subscription per command queue. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  /** one fail-fast connection shared by the producers; ours to close, so shutdown never waits on Redis */
  private readonly connection: Redis;
  readonly waiter: CommandOutcomeWaiter;
  private closing = false;

  constructor(readonly config: ServerConfig) {
    this.connection = new Redis(failFastRedisOptions(config.redisUrl, () => this.closing));
    this.connection.on('error', () => undefined);
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: this.connection,
        prefix: config.queuePrefix,
        defaultJobOptions: defaultJobOptions(config),
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    this.waiter = new CommandOutcomeWaiter(config.redisUrl, config.queuePrefix, [
      QueueName.Orders,
      QueueName.Cancellations,
      QueueName.Returns,
      QueueName.Refunds,
    ]);
  }

  queueFor(job: JobName): Queue {
    return this.queues.get(JOBS[job])!;
  }

  /** A queue by its name; undefined for a name that is not one of ours. */
  queue(name: string): Queue | undefined {
    return this.queues.get(name as QueueName);
  }

  get all(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.waiter.close();
    // bounded: with Redis unreachable a graceful close would wait for a connection that never comes
    await Promise.all(
      this.all.map((queue) => withTimeout(queue.close(), 2000, 'closing a queue').catch(() => undefined)),
    );
    this.connection.disconnect();
  }
}
