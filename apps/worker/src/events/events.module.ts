import { Logger, Module, OnModuleInit, Optional } from '@nestjs/common';
import { ServerConfig } from '@aftersale/server/messaging';
import {
  EventReactionRows,
  onDataSource,
  OutboxListener,
  OutboxRelayRows,
  StaleWorkRows,
} from '@aftersale/server/persistence';
import { PeriodicTasks } from '../infrastructure/periodic-tasks.service';
import { EventConsumers } from '../infrastructure/event-consumers';
import { QueueWorkers } from '../infrastructure/queue-workers.service';
import { WorkerMetrics } from '../ops/metrics/worker-metrics';
import { EventReactions } from './event-reactions.service';
import { OutboxRelay } from './outbox-relay.service';
import { RecoverySweep } from './recovery-sweep.service';
import { ReactionsAfterCommit } from './reactions-after-commit';

/**
 * After the commit (docs/architecture.md#outbox-and-inbox): the outbox relay, the event reactions the other contexts
 * register with, and the recovery sweep.
 */
@Module({
  providers: [
    OutboxRelay,
    EventReactions,
    RecoverySweep,
    onDataSource(StaleWorkRows),
    onDataSource(OutboxRelayRows),
    onDataSource(EventReactionRows),
  ],
  exports: [EventReactions],
})
export class EventsModule implements OnModuleInit {
  private readonly logger = new Logger(EventsModule.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly recovery: RecoverySweep,
    private readonly loops: PeriodicTasks,
    private readonly config: ServerConfig,
    private readonly reactions: EventReactions,
    private readonly consumers: EventConsumers,
    private readonly workers: QueueWorkers,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {}

  onModuleInit(): void {
    // events no reaction wants are written settled: they neither wake nor reach the relay (docs/benchmarks.md, 13);
    // those one wants are published by their writer after its commit, not by the relay (32)
    // and since section 60 their reactions run here, right after the commit, the events queue taking what finds no slot
    const slots = this.config.workerAfterCommitReactions;
    const afterCommit =
      slots > 0
        ? new ReactionsAfterCommit(
            this.reactions,
            slots,
            (jobs) => this.relay.addJobs(jobs),
            (outcome) => this.metrics?.reactionsAfterCommit.inc({ outcome }),
          )
        : undefined;
    if (afterCommit) this.workers.finishAlso(() => afterCommit.settled());
    this.consumers.answerWith(
      (event) => this.reactions.wants(event),
      (events) => (afterCommit ? afterCommit.start(events) : this.relay.publishCommitted(events)),
    );
    this.loops.register({
      name: 'outbox relay',
      everyMs: (config) => config.outboxPollMs,
      run: () => this.relay.drain(),
      // woken by the outbox's notification at commit (migration 1767100000000-outbox-notify); the poll is the safety net
      wakeWith: async (wake) => {
        if (!this.config.outboxListen) return async () => undefined;
        const listener = new OutboxListener(this.config.databaseUrl, wake, (error) =>
          this.logger.warn(`outbox notifications: ${error.message}; polling every ${this.config.outboxPollMs} ms`),
        );
        await listener.start();
        return () => listener.close();
      },
    });
    this.loops.register({
      name: 'recovery sweep',
      everyMs: (config) => config.recoverySweepMs,
      run: () => this.recovery.sweep(this.config.recoveryAfterMs),
    });
  }
}
