import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, JobName, QueueName } from '@aftersale/contracts';
import { CommandOutcomeWaiter, DEFAULT_JOB_OPTIONS, failFastRedisOptions, ServerConfig, withTimeout } from '@aftersale/server/messaging';

export const SERVER_CONFIG = Symbol('SERVER_CONFIG');

/** The api's producers (fail-fast connection) and its one outcome subscription per command queue. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  readonly waiter: CommandOutcomeWaiter;

  constructor(readonly config: ServerConfig) {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection: failFastRedisOptions(config.redisUrl), prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    this.waiter = new CommandOutcomeWaiter(config.redisUrl, config.queuePrefix, [QueueName.Orders, QueueName.Cancellations, QueueName.Returns, QueueName.Refunds]);
  }

  queueFor(job: JobName): Queue {
    return this.queues.get(JOBS[job])!;
  }

  get all(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.close();
    await Promise.all(this.all.map((queue) => withTimeout(queue.close(), 2000, 'closing a queue').catch(() => { void queue.disconnect().catch(() => undefined); })));
  }
}
