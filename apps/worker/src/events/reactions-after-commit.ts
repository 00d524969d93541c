import { AsyncResource } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import { CommittedEvent } from '@aftersale/contracts';
import { EventToPublish } from '@aftersale/server/persistence';
import { currentCorrelationId, withCorrelation } from '@aftersale/server/messaging';
import { EventReactions } from './event-reactions.service';
import { EventJobToAdd } from './outbox-relay.service';

/** What became of a committed event handed over after its commit (`aftersale_reactions_after_commit_total`). */
export type AfterCommitOutcome = 'reacted' | 'queued' | 'failed';

/**
 * Runs the reactions to a committed event in the process that committed it, right after the commit, instead of in a
 * job of the events queue (docs/architecture.md#outbox-and-inbox, docs/benchmarks.md, 60): the same reactions the
 * event's first job would run (`EventReactions.handle`), with the event as its writer committed it. At most `slots`
 * run at once (`WORKER_AFTER_COMMIT_REACTIONS`). An event that finds no slot free goes to the events queue as before,
 * with the event; one whose reactions fail here goes there without it, so that its job reads what has reacted since.
 * A reaction cut short by the process's end leaves its event unprocessed, and the recovery sweep publishes its job
 * (docs/architecture.md#recovery-sweep).
 */
export class ReactionsAfterCommit {
  private readonly logger = new Logger(ReactionsAfterCommit.name);
  private readonly running = new Set<Promise<void>>();
  /**
   * The context the reactions start in: this one's, made with the module, which holds none of the committing job's
   * (its transaction, its batch), so that each reaction's transactions are its own, as in a job of its own
   */
  private readonly root = new AsyncResource('ReactionsAfterCommit');

  constructor(
    private readonly reactions: EventReactions,
    private readonly slots: number,
    private readonly addJobs: (jobs: EventJobToAdd[]) => Promise<void>,
    private readonly count: (outcome: AfterCommitOutcome) => void = () => undefined,
  ) {}

  /** Starts the committed events' reactions here, as far as slots allow, and adds the jobs of the others. */
  async start(events: EventToPublish[]): Promise<void> {
    const correlationId = currentCorrelationId() ?? null;
    const queued: EventJobToAdd[] = [];
    for (const { id, ...event } of events) {
      if (this.running.size >= this.slots) {
        queued.push({ id, correlationId, event });
        this.count('queued');
        continue;
      }
      const reaction = this.root.runInAsyncScope(() =>
        withCorrelation(correlationId, () => this.react(id, event, correlationId)),
      );
      this.running.add(reaction);
      void reaction.finally(() => this.running.delete(reaction));
    }
    if (queued.length > 0) await this.addJobs(queued);
  }

  /** The reactions under way, once they have ended (the worker's shutdown waits for them). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async react(id: string, event: CommittedEvent, correlationId: string | null): Promise<void> {
    try {
      // the first delivery of the event, as the first start of its writer's job is: nothing else has delivered it
      await this.reactions.handle({ outboxId: id, event }, { attemptsStarted: 1 });
      this.count('reacted');
    } catch (error) {
      this.count('failed');
      this.logger.warn({
        msg: 'an event reaction failed after its commit; a job of the events queue takes it up',
        eventId: id,
        error: (error as Error).message,
      });
      await this.addJobs([{ id, correlationId }]).catch((failed: Error) =>
        this.logger.warn({
          msg: 'the job of a failed event reaction could not be added; the recovery sweep adds it',
          eventId: id,
          error: failed.message,
        }),
      );
    }
  }
}
