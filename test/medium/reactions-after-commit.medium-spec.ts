import { JobName } from '@aftersale/contracts';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The worker runs the reactions to the events it commits itself, right after the commit (docs/architecture.md#outbox-and-inbox,
 * WORKER_AFTER_COMMIT_REACTIONS, 48 by default): a refund issued by a decision is paid with no job of the events
 * queue, and the event ends processed with its reaction in the inbox, as its job would leave it.
 */
describe('reactions after the commit (docs/architecture.md#outbox-and-inbox)', () => {
  const worker = workerForThisFile({ workerAfterCommitReactions: 4 });

  it('a refund a decision issues is paid right after the commit, in the worker that committed it, with no event job', async () => {
    const orderId = await worker.order(worker.sellerId);
    const cancelled = await worker.command(
      JobName.CancelOrderBySeller,
      { orderId, reasonId: 'out-of-stock' },
      worker.sellerId,
    );
    expect(cancelled.state).toBe('succeeded');

    await worker.afterCommitSettled();

    const [refund] = await worker.dataSource.query(
      `SELECT r.state, r.attempts, o.id AS "eventId", o.processed_at AS "processedAt"
       FROM refunds r JOIN outbox o ON o.aggregate_id = r.id AND o.type = 'RefundCreated' WHERE r.order_id = $1`,
      [orderId],
    );
    expect(refund).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(refund.processedAt).not.toBeNull();
    const inbox = await worker.dataSource.query(`SELECT consumer FROM inbox WHERE event_id = $1`, [refund.eventId]);
    expect(inbox.length).toBeGreaterThan(0);
    // nothing went through the events queue: no job for the event, and no retry job for the refund
    expect(
      worker.queues.jobs.filter(
        (job) =>
          (job.name === JobName.PublishedEvent && job.data.outboxId === refund.eventId) ||
          job.name === JobName.ExecuteRefund,
      ),
    ).toEqual([]);
  });
});
