import { Injectable, Logger, Optional } from '@nestjs/common';
import { AcceptedCommandRows, AcceptedInsert, AcceptedInsertOutcome } from '@aftersale/server/persistence';
import { CommandBatches, ServerConfig } from '@aftersale/server/messaging';
import { ApiMetrics } from '../../ops/metrics/api-metrics';

interface PendingInsert {
  insert: AcceptedInsert;
  settle: (outcome: Promise<AcceptedInsertOutcome>) => void;
}

/**
 * Records the commands the api accepts (docs/architecture.md#command-row-before-the-job), in batches
 * (docs/architecture.md#command-batches): the requests whose command arrives while a batch is being written go
 * together in the next one, one transaction in one round trip, so they share its commit (docs/benchmarks.md, 59).
 * Each command's statement is the one it has alone, and so is its outcome: recorded, its Idempotency-Key taken, or its
 * record not found. If the batch fails, each of its commands is written again alone, and answers as it would have.
 * `API_COMMAND_BATCH_SIZE=1` writes every command alone.
 */
@Injectable()
export class AcceptedCommands {
  private readonly logger = new Logger(AcceptedCommands.name);
  private readonly batches?: CommandBatches<PendingInsert>;

  constructor(
    private readonly rows: AcceptedCommandRows,
    config: ServerConfig,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {
    if (config.apiCommandBatchSize > 1)
      this.batches = new CommandBatches((pending) => this.write(pending), {
        maxSize: config.apiCommandBatchSize,
        holdMs: config.apiCommandBatchHoldMs,
        onBatch: (size) => metrics?.acceptedBatchSize.observe(size),
      });
  }

  /** Records the command; what its statement found. */
  record(insert: AcceptedInsert): Promise<AcceptedInsertOutcome> {
    const batches = this.batches;
    if (!batches) return this.rows.insert(insert);
    return new Promise((resolve, reject) =>
      batches.submit({ insert, settle: (outcome) => outcome.then(resolve, reject) }),
    );
  }

  /** One batch: together when more than one, each alone if that fails. Settles every command; never throws. */
  private async write(pending: PendingInsert[]): Promise<void> {
    if (pending.length > 1) {
      try {
        const outcomes = await this.rows.insertTogether(pending.map((each) => each.insert));
        pending.forEach((each, index) => each.settle(Promise.resolve(outcomes[index])));
        return;
      } catch (error) {
        this.metrics?.acceptedBatchesReplayed.inc();
        this.logger.warn({
          msg: 'a batch of accepted commands failed; each is written alone',
          size: pending.length,
          error: (error as Error).message,
        });
      }
    }
    await Promise.all(
      pending.map(async (each) => {
        const outcome = this.rows.insert(each.insert);
        each.settle(outcome);
        await outcome.catch(() => undefined);
      }),
    );
  }
}
