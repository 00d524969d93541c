import { JobName } from '@aftersale/contracts';
import { CancellationDeadlines } from '../../apps/worker/src/cancellations/expire-cancellation-deadline/cancellation-deadlines.service';
import { ReturnDeadlines } from '../../apps/worker/src/returns/expire-return-deadlines/return-deadlines.service';
import { workerForThisFile } from './support/worker-under-test';

describe('the deadline sweeps (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps)', () => {
  const worker = workerForThisFile();

  /** A processing order with a buyer's cancellation request waiting for the seller. */
  async function awaitingRequest(): Promise<{ orderId: string; requestId: string }> {
    const orderId = await worker.order(worker.sellerId);
    expect((await worker.command(JobName.ProcessOrder, { orderId }, worker.sellerId)).state).toBe('succeeded');
    const requested = await worker.command(
      JobName.CreateCancellation,
      { orderId, reasonId: 'changed-mind', initiator: 'buyer' },
      worker.sellerId,
    );
    expect(requested.state).toBe('succeeded');
    return { orderId, requestId: requested.resourceId! };
  }

  const moveDeadline = (table: string, column: string, id: string, interval: string) =>
    worker.dataSource.query(`UPDATE ${table} SET ${column} = now() + $2::interval WHERE id = $1`, [id, interval]);

  it('a request past its deadline and the grace is auto-approved, its order cancelled and refunded in full, with a note', async () => {
    const { orderId, requestId } = await awaitingRequest();
    await moveDeadline('cancellation_requests', 'deadline_at', requestId, '-1 hour');
    expect(await worker.get(CancellationDeadlines).sweep()).toBeGreaterThanOrEqual(1);
    expect(await worker.field('cancellation_requests', 'state', requestId)).toBe('auto_approved');
    expect(await worker.field('orders', 'status', orderId)).toBe('cancelled');
    const refunds = await worker.dataSource.query(
      `SELECT amount::int AS amount, idempotency_key FROM refunds WHERE order_id = $1`,
      [orderId],
    );
    expect(refunds).toEqual([{ amount: 100000, idempotency_key: `cancellation:${requestId}` }]);
    const notes = await worker.dataSource.query(`SELECT body FROM messages WHERE case_id = $1`, [requestId]);
    expect(notes).toEqual([{ body: expect.stringContaining('approved automatically') }]);
  });

  it('a request inside the grace period is left alone', async () => {
    const { requestId } = await awaitingRequest();
    await moveDeadline('cancellation_requests', 'deadline_at', requestId, '-1 second');
    await worker.get(CancellationDeadlines).sweep();
    expect(await worker.field('cancellation_requests', 'state', requestId)).toBe('awaiting_seller');
  });

  it('a decision accepted before the deadline wins over the timer even before the worker applies it', async () => {
    const { requestId } = await awaitingRequest();
    await worker.accept(
      JobName.RejectCancellation,
      { cancellationId: requestId, reasonId: 'already-packed', comment: 'packed' },
      worker.sellerId,
      { resourceId: requestId, acceptedAt: new Date(Date.now() - 2 * 3600_000) },
    );
    await moveDeadline('cancellation_requests', 'deadline_at', requestId, '-1 hour');
    expect(await worker.get(CancellationDeadlines).fire(requestId)).toBe(false);
    expect(await worker.field('cancellation_requests', 'state', requestId)).toBe('awaiting_seller');
  });

  it('firing twice is harmless: the delayed job after the sweep finds the request decided', async () => {
    const { orderId, requestId } = await awaitingRequest();
    await moveDeadline('cancellation_requests', 'deadline_at', requestId, '-1 hour');
    await worker.get(CancellationDeadlines).sweep();
    await worker.job(JobName.CancellationDeadline, { caseId: requestId });
    const refunds = await worker.dataSource.query(`SELECT id FROM refunds WHERE order_id = $1`, [orderId]);
    expect(refunds).toHaveLength(1);
  });

  it('requesting a cancellation arms its delayed timer a grace period after the deadline', async () => {
    const { requestId } = await awaitingRequest();
    const [event] = await worker.dataSource.query(
      `SELECT id FROM outbox WHERE aggregate_id = $1 AND type = 'CancellationRequested'`,
      [requestId],
    );
    await worker.job(JobName.PublishedEvent, { outboxId: event.id });
    const [timer] = worker.queues.named(JobName.CancellationDeadline).filter((job) => job.data.caseId === requestId);
    expect(timer.opts).toMatchObject({ jobId: `deadline-${requestId}` });
    expect(timer.opts!.delay).toBeGreaterThan(71 * 3600_000);
  });

  it('the return timer expires an approved return not shipped by its ship-by date, and not before', async () => {
    const orderId = await worker.order(worker.sellerId);
    for (const type of [JobName.ProcessOrder, JobName.ShipOrder, JobName.DeliverOrder])
      expect((await worker.command(type, { orderId }, worker.sellerId)).state).toBe('succeeded');
    const opened = await worker.command(
      JobName.CreateReturn,
      { orderId, type: 'buyer_return', reasonId: 'faulty', lines: [{ sku: 'SKU-1', quantity: 1 }] },
      worker.sellerId,
    );
    expect(opened.state).toBe('succeeded');
    const returnId = opened.resourceId!;
    expect((await worker.command(JobName.ApproveReturn, { returnId }, worker.sellerId)).state).toBe('succeeded');
    const timers = worker.get(ReturnDeadlines);
    expect(await timers.fire(returnId, new Date())).toBe(false);
    expect(await timers.fire(returnId, new Date(Date.now() + 60 * 86400_000))).toBe(true);
    expect(await worker.field('return_cases', 'state', returnId)).toBe('closed');
    const [expired] = await worker.dataSource.query(
      `SELECT type FROM audit_events WHERE case_id = $1 AND type <> 'MessagePosted' ORDER BY seq DESC LIMIT 1`,
      [returnId],
    );
    expect(expired.type).toBe('ReturnExpired');
  });
});
