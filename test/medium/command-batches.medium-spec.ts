import { randomUUID } from 'node:crypto';
import { JobName } from '@aftersale/contracts';
import { withCorrelation } from '@aftersale/server/messaging';
import { ConcurrencyError, lockedInBatch, writeGroup, WriteGroup } from '@aftersale/server/persistence';
import { WorkerMetrics } from '../../apps/worker/src/ops/metrics/worker-metrics';
import { CHANNEL, workerForThisFile } from './support/worker-under-test';

/**
 * Command jobs that arrive while a batch runs share the next batch's transaction (docs/architecture.md#command-batches,
 * WORKER_COMMAND_BATCH_SIZE 16 by default): each keeps its own outcome, its own correlation id on the rows it writes
 * and on the jobs it publishes, and a refusal among them is its own alone.
 */
describe('command batches (docs/architecture.md#command-batches)', () => {
  const worker = workerForThisFile();

  /** `n` cancellations awaiting the seller, and an accepted approval of each with a correlation id of its own. */
  async function approvalsOfOpenCancellations(n: number) {
    const approvals: { commandId: string; cancellationId: string; orderId: string; correlationId: string }[] = [];
    for (let i = 0; i < n; i++) {
      const { cancellationId, orderId } = await worker.openCancellation();
      const commandId = await worker.accept(JobName.ApproveCancellation, { cancellationId }, worker.sellerId);
      const correlationId = `batch-${randomUUID()}`;
      await worker.dataSource.query(`UPDATE commands SET correlation_id = $2 WHERE id = $1`, [
        commandId,
        correlationId,
      ]);
      approvals.push({ commandId, cancellationId, orderId, correlationId });
    }
    return approvals;
  }

  /** The transactions that wrote the rows: PostgreSQL's xmin of each. */
  const transactionsOf = async (table: string, ids: string[]) =>
    new Set(
      (await worker.dataSource.query(`SELECT xmin::text AS tx FROM ${table} WHERE id = ANY($1)`, [ids])).map(
        (row: { tx: string }) => row.tx,
      ),
    );

  it('approvals run at once share transactions, and each keeps its outcome and its correlation id on its rows and jobs', async () => {
    const approvals = await approvalsOfOpenCancellations(6);
    const batches = await worker.get(WorkerMetrics).commandBatchSize.get();

    // each job runs with its command's correlation id, as the queue's worker runs it (QueueWorkers)
    await Promise.all(
      approvals.map(({ commandId, correlationId }) =>
        withCorrelation(correlationId, () => worker.job(JobName.ApproveCancellation, { commandId, correlationId })),
      ),
    );

    for (const { commandId, cancellationId, orderId, correlationId } of approvals) {
      expect(await worker.commandRow(commandId)).toMatchObject({ state: 'succeeded', resourceId: cancellationId });
      expect(await worker.field('cancellation_requests', 'state', cancellationId)).toBe('approved');
      const events = await worker.dataSource.query(
        `SELECT type, correlation_id AS "correlationId" FROM audit_events WHERE case_id = $1 AND type = 'CancellationApproved'`,
        [cancellationId],
      );
      expect(events).toEqual([{ type: 'CancellationApproved', correlationId }]);
      const [refund] = await worker.dataSource.query(
        `SELECT r.correlation_id AS "correlationId", o.id AS "eventId" FROM refunds r
           JOIN outbox o ON o.aggregate_id = r.id AND o.type = 'RefundCreated' WHERE r.order_id = $1`,
        [orderId],
      );
      expect(refund.correlationId).toBe(correlationId);
      expect(worker.publishedJobOf(refund.eventId).correlationId).toBe(correlationId);
    }
    // one transaction each would be six; the first runs alone, those that came meanwhile together
    expect(
      (
        await transactionsOf(
          'cancellation_requests',
          approvals.map((a) => a.cancellationId),
        )
      ).size,
    ).toBeLessThan(6);
    const after = await worker.get(WorkerMetrics).commandBatchSize.get();
    const sum = (metric: typeof after) => metric.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    expect(sum(after) - sum(batches)).toBe(6);
  });

  it('a refusal in a batch is its command’s alone: the batch runs again one by one and the others take effect', async () => {
    const approvals = await approvalsOfOpenCancellations(4);
    // the buyer withdraws the third request first: its approval is refused, the others are not
    const withdrawn = await worker.command(
      JobName.WithdrawCancellation,
      { cancellationId: approvals[2].cancellationId },
      worker.sellerId,
      { actor: CHANNEL(worker.sellerId) },
    );
    expect(withdrawn.state).toBe('succeeded');
    const replayed = (await worker.get(WorkerMetrics).commandBatchesReplayed.get()).values[0]?.value ?? 0;

    await Promise.all(approvals.map(({ commandId }) => worker.job(JobName.ApproveCancellation, { commandId })));

    const outcomes = await Promise.all(approvals.map(({ commandId }) => worker.commandRow(commandId)));
    expect(outcomes.map((row) => row.state)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded']);
    expect(outcomes[2].problem).toMatchObject({ code: 'invalid-transition' });
    const states = await Promise.all(
      approvals.map(({ cancellationId }) => worker.field('cancellation_requests', 'state', cancellationId)),
    );
    expect(states).toEqual(['approved', 'approved', 'withdrawn', 'approved']);
    expect((await worker.get(WorkerMetrics).commandBatchesReplayed.get()).values[0]?.value ?? 0).toBeGreaterThan(
      replayed,
    );
  });

  it('two commands of one order in a batch end as they do one after the other: the second approval is refused', async () => {
    // the first job runs alone; the two approvals of one request, arriving meanwhile, go together in the next batch
    const [lead, approval] = await approvalsOfOpenCancellations(2);
    const again = await worker.accept(
      JobName.ApproveCancellation,
      { cancellationId: approval.cancellationId },
      worker.sellerId,
    );

    await Promise.all(
      [lead.commandId, approval.commandId, again].map((commandId) =>
        worker.job(JobName.ApproveCancellation, { commandId }),
      ),
    );

    const outcomes = [await worker.commandRow(approval.commandId), await worker.commandRow(again)];
    expect(outcomes.map((row) => row.state).sort()).toEqual(['failed', 'succeeded']);
    const refunds = await worker.dataSource.query(`SELECT amount FROM refunds WHERE order_id = $1`, [approval.orderId]);
    expect(refunds).toHaveLength(1);
  });

  it('a command whose job runs twice at once in a batch is applied once', async () => {
    const [lead, approval] = await approvalsOfOpenCancellations(2);

    await Promise.all(
      [lead.commandId, approval.commandId, approval.commandId].map((commandId) =>
        worker.job(JobName.ApproveCancellation, { commandId }),
      ),
    );

    expect((await worker.commandRow(approval.commandId)).state).toBe('succeeded');
    const approved = await worker.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1 AND type = 'CancellationApproved'`,
      [approval.cancellationId],
    );
    expect(approved).toEqual([{ n: 1 }]);
    const refunds = await worker.dataSource.query(`SELECT amount FROM refunds WHERE order_id = $1`, [approval.orderId]);
    expect(refunds).toHaveLength(1);
  });

  it('an order locked by one command of a batch cannot be locked by another: a lost race, so the batch runs one by one', () => {
    const lockedOrders = new Map<string, WriteGroup>();
    const first: WriteGroup = { correlationId: null, lockedOrders };
    const second: WriteGroup = { correlationId: null, lockedOrders };
    writeGroup.run(first, () => lockedInBatch('order-1'));
    expect(() => writeGroup.run(first, () => lockedInBatch('order-1'))).not.toThrow();
    expect(() => writeGroup.run(second, () => lockedInBatch('order-2'))).not.toThrow();
    expect(() => writeGroup.run(second, () => lockedInBatch('order-1'))).toThrow(ConcurrencyError);
    // outside a batch the row lock itself queues the commands of an order
    expect(() => lockedInBatch('order-1')).not.toThrow();
  });
});
