import { JobName } from '@aftersale/contracts';
import { OutboxRelay } from '../../apps/worker/src/events/outbox-relay.service';
import { RecoverySweep } from '../../apps/worker/src/events/recovery-sweep.service';
import { PaymentSimulator } from '../../apps/worker/src/payments/payment-simulator.adapter';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The recovery sweep and a refund's payment (docs/reliability.md, "Two attempts at one refund at once paid it
 * twice"): a stale refund whose own RefundCreated event is still unprocessed is left to that event's job, which pays
 * it, and only a refund whose event is done is handed to an ExecuteRefund job of the sweep's.
 */
describe('the recovery sweep and unpaid refunds (apps/worker/src/events/recovery-sweep.service.ts)', () => {
  const worker = workerForThisFile();

  /**
   * The relay has run (the events nothing reacts to, such as RefundAttemptStarted, are settled), then the worker died
   * and Redis lost its jobs; an hour later — past RECOVERY_AFTER_MS — the sweep runs.
   */
  async function workerDiesAndTimePasses(refundId: string, eventId: string): Promise<void> {
    await worker.get(OutboxRelay).drain();
    worker.queues.jobs.splice(0);
    await timePasses(refundId, eventId);
  }

  /** An hour passes — past RECOVERY_AFTER_MS — since the refund last changed and its event was published. */
  async function timePasses(refundId: string, eventId: string): Promise<void> {
    await worker.dataSource.query(`UPDATE refunds SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
      refundId,
    ]);
    await worker.dataSource.query(`UPDATE outbox SET published_at = now() - interval '1 hour' WHERE id = $1`, [
      eventId,
    ]);
  }

  /**
   * The event's job, as the worker published it: the payment of the attempt its decision started fails, the refund is
   * handed to an ExecuteRefund job and the event is processed.
   */
  async function eventJobWhosePaymentFails(eventId: string): Promise<void> {
    const simulator = worker.get(PaymentSimulator);
    const before = simulator.settings;
    simulator.settings = { ...before, failureRate: 1 };
    try {
      await worker.job(JobName.PublishedEvent, worker.publishedJobOf(eventId));
    } finally {
      simulator.settings = before;
    }
  }

  const executeRefundJobsFor = (refundId: string) =>
    worker.queues.named(JobName.ExecuteRefund).filter((job) => job.data.refundId === refundId);

  const refund = async (refundId: string) =>
    (
      await worker.dataSource.query(
        `SELECT r.state, (SELECT count(*)::int FROM simulated_payments p WHERE p.idempotency_key = r.idempotency_key) AS paid
         FROM refunds r WHERE r.id = $1`,
        [refundId],
      )
    )[0];

  it('a stale refund whose RefundCreated event is unprocessed gets no ExecuteRefund job from the sweep: the event’s own job, delivered again, hands it to its one retry job, which pays it once', async () => {
    const { refundId, eventId } = await worker.refundOfCancelledOrder();
    await worker.paymentAttemptThatDies(refundId);
    await workerDiesAndTimePasses(refundId, eventId);
    expect(await refund(refundId)).toEqual({ state: 'processing', paid: 0 });

    await worker.get(RecoverySweep).sweep();

    // two attempts at once would both hear "unknown" from the provider and both pay
    expect(executeRefundJobsFor(refundId)).toEqual([]);
    const redelivered = worker.queues.named(JobName.PublishedEvent).filter((job) => job.data.outboxId === eventId);
    expect(redelivered).toHaveLength(1);
    await worker.job(JobName.PublishedEvent, redelivered[0].data);
    // its first delivery started the attempt: delivered again, the event's job does not attempt it a second time
    // (an ExecuteRefund job of that delivery may be retrying it at this moment, as the fault suite's PostgreSQL
    // restart had it) but hands it to the one ExecuteRefund job of the event, which pays it once
    expect(await refund(refundId)).toEqual({ state: 'processing', paid: 0 });
    const retry = executeRefundJobsFor(refundId);
    expect(retry).toHaveLength(1);
    expect(retry[0].opts?.jobId).toBe(`refund-${refundId}-${eventId}`);
    await worker.job(JobName.ExecuteRefund, retry[0].data);
    expect(await refund(refundId)).toEqual({ state: 'succeeded', paid: 1 });
  });

  it('a stale refund whose RefundCreated event is processed gets an ExecuteRefund job from the sweep, which pays it once', async () => {
    const { refundId, eventId } = await worker.refundOfCancelledOrder();
    await eventJobWhosePaymentFails(eventId);
    expect(await worker.field('outbox', 'processed_at IS NOT NULL', eventId)).toBe(true);
    expect(executeRefundJobsFor(refundId)).toHaveLength(1);
    await workerDiesAndTimePasses(refundId, eventId);

    await worker.get(RecoverySweep).sweep();

    const recovered = executeRefundJobsFor(refundId);
    expect(recovered).toHaveLength(1);
    expect(recovered[0].opts?.jobId).toMatch(new RegExp(`^refund-${refundId}-recover-\\d+$`));
    await worker.job(JobName.ExecuteRefund, recovered[0].data);
    expect(await refund(refundId)).toEqual({ state: 'succeeded', paid: 1 });
  });

  it('a stale refund whose retry job is waiting out its backoff gets no job from the sweep: it is not lost, and two jobs would only take turns', async () => {
    const { refundId, eventId } = await worker.refundOfCancelledOrder();
    await eventJobWhosePaymentFails(eventId);
    await worker.get(OutboxRelay).drain();
    const retry = executeRefundJobsFor(refundId);
    expect(retry.map((job) => job.opts?.jobId)).toEqual([`refund-${refundId}-${eventId}`]);
    await timePasses(refundId, eventId);

    await worker.get(RecoverySweep).sweep();
    expect(executeRefundJobsFor(refundId)).toEqual(retry);

    // Redis lost the retry job: now the refund is the sweep's
    worker.queues.jobs.splice(0);
    await worker.get(RecoverySweep).sweep();
    expect(executeRefundJobsFor(refundId).map((job) => job.opts?.jobId)).toEqual([
      expect.stringMatching(new RegExp(`^refund-${refundId}-recover-\\d+$`)),
    ]);
  });

  it('a stale refund whose attempt is under way gets no job from the sweep until that attempt’s lease has run out', async () => {
    const { refundId, eventId } = await worker.refundOfCancelledOrder();
    await eventJobWhosePaymentFails(eventId);
    await workerDiesAndTimePasses(refundId, eventId);
    // the ExecuteRefund job's attempt is waiting on the provider (the fault suite's scenario 4 caught the sweep's job
    // paying alongside a retry whose backoff had outlasted RECOVERY_AFTER_MS)
    await worker.dataSource.query(
      `UPDATE refunds SET attempts = attempts + 1, attempt_ends_by = now() + interval '1 minute' WHERE id = $1`,
      [refundId],
    );
    worker.queues.jobs.splice(0);

    await worker.get(RecoverySweep).sweep();
    expect(executeRefundJobsFor(refundId)).toEqual([]);

    // its worker died: once the lease has run out the refund is the sweep's again
    await worker.dataSource.query(`UPDATE refunds SET attempt_ends_by = now() - interval '1 second' WHERE id = $1`, [
      refundId,
    ]);
    await worker.get(RecoverySweep).sweep();
    expect(executeRefundJobsFor(refundId)).toHaveLength(1);
  });
});
