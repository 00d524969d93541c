import { randomUUID } from 'node:crypto';
import { JobName } from '@aftersale/contracts';
import { withCorrelation } from '@aftersale/server/messaging';
import { PaymentSimulator } from '../../apps/worker/src/payments/payment-simulator.adapter';
import { PaymentOutcome, PaymentRequest } from '../../apps/worker/src/payments/payment.port';
import { WorkerMetrics } from '../../apps/worker/src/ops/metrics/worker-metrics';
import { workerForThisFile } from './support/worker-under-test';

/**
 * A refund's outcome, written over what its attempt read before the call, is writes only: the outcomes that arrive
 * while one is being written share the next transaction (`CommandExecution.runWrites`, docs/architecture.md#command-batches,
 * docs/benchmarks.md, 65). Each keeps its own correlation id and its reaction's inbox row; a lost race among them
 * rolls the batch back and each is written again in a transaction of its own.
 */
describe('refund outcomes written in batches (docs/architecture.md#command-batches)', () => {
  const worker = workerForThisFile();

  /**
   * `n` refunds issued by decisions, their event jobs run at once, each with a correlation id of its own; the provider's
   * answers are held until every call has been made, then given together, so the first outcome is written alone and
   * the others, arriving while it is, together. `meanwhile` runs while the answers are held.
   */
  async function paidTogether(n: number, meanwhile: (orderIds: string[]) => Promise<void> = async () => undefined) {
    const refunds = [];
    for (let i = 0; i < n; i++)
      refunds.push({ ...(await worker.refundOfCancelledOrder()), correlationId: randomUUID() });
    const simulator = worker.get(PaymentSimulator);
    const pay = simulator.pay.bind(simulator);
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let called = 0;
    const allCalled = new Promise<void>((resolve) => {
      jest.spyOn(simulator, 'pay').mockImplementation(async (request: PaymentRequest): Promise<PaymentOutcome> => {
        const outcome = await pay(request);
        if (++called === n) resolve();
        await answered;
        return outcome;
      });
    });
    try {
      const jobs = refunds.map(({ eventJob, correlationId }) =>
        withCorrelation(correlationId, () => worker.job(JobName.PublishedEvent, { ...eventJob, correlationId })),
      );
      await allCalled;
      await meanwhile(refunds.map((refund) => refund.orderId));
      release();
      await Promise.all(jobs);
    } finally {
      jest.restoreAllMocks();
    }
    return refunds;
  }

  const transactionsOf = async (ids: string[]) =>
    new Set(
      (await worker.dataSource.query(`SELECT xmin::text AS tx FROM refunds WHERE id = ANY($1)`, [ids])).map(
        (row: { tx: string }) => row.tx,
      ),
    ).size;

  /** How many outcomes went through batches so far, and how many batches were rolled back and replayed. */
  const batchedOutcomes = async () =>
    (await worker.get(WorkerMetrics).writeBatchSize.get()).values.find((value) => value.metricName?.endsWith('_sum'))
      ?.value ?? 0;
  const replayedBatches = async () =>
    (await worker.get(WorkerMetrics).writeBatchesReplayed.get()).values[0]?.value ?? 0;

  /** Each refund succeeded once, its order refunded in full, its event's reaction recorded, its rows under its correlation id. */
  async function expectSettledOnce(refunds: Awaited<ReturnType<typeof paidTogether>>) {
    for (const { refundId, orderId, eventId, correlationId } of refunds) {
      expect(await worker.field('refunds', 'state', refundId)).toBe('succeeded');
      expect(await worker.field('orders', 'refunded_amount::int', orderId)).toBe(100000);
      const succeeded = await worker.dataSource.query(
        `SELECT correlation_id AS "correlationId" FROM audit_events WHERE case_id = $1 AND type = 'RefundSucceeded'`,
        [refundId],
      );
      expect(succeeded).toEqual([{ correlationId }]);
      const reacted = await worker.dataSource.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [
        eventId,
      ]);
      expect(reacted[0].n).toBeGreaterThan(0);
      expect(await worker.field('outbox', 'processed_at IS NOT NULL', eventId)).toBe(true);
    }
  }

  it('outcomes that arrive together share a transaction, each with its own correlation id and its reaction recorded', async () => {
    const batched = await batchedOutcomes();

    const refunds = await paidTogether(5);

    await expectSettledOnce(refunds);
    // the first alone, the four that came while it was written together
    expect(await transactionsOf(refunds.map((refund) => refund.refundId))).toBe(2);
    expect((await batchedOutcomes()) - batched).toBe(5);
  });

  it('an order changed during the calls fails its batch: each outcome is written again alone, over the order read again', async () => {
    const replayed = await replayedBatches();

    // another transaction changes every order while the provider is answering: each outcome's versioned update of its
    // order finds another version than its attempt read
    const refunds = await paidTogether(4, (orderIds) =>
      worker.dataSource.query(`UPDATE orders SET version = version + 1 WHERE id = ANY($1)`, [orderIds]),
    );

    await expectSettledOnce(refunds);
    expect(await transactionsOf(refunds.map((refund) => refund.refundId))).toBe(4);
    expect((await replayedBatches()) - replayed).toBe(1);
  });
});
