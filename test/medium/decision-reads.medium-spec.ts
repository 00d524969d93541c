import { QueryRunner } from 'typeorm';
import { JobName } from '@aftersale/contracts';
import { CancellationRequestRepository } from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

/**
 * A decision on a cancellation reads its request and its order, both locked, in one statement (docs/benchmarks.md,
 * 30): the request it reads is current even when the order's lock had to wait for another transaction; the order's
 * refunds it reads next, in a statement of its own, include a refund that transaction issued.
 */
describe('a decision reads its request with its order, both locked, in one statement', () => {
  const worker = workerForThisFile();
  afterEach(() => jest.restoreAllMocks());

  /** Polls until `check` holds (a condition another connection brings about). */
  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Runs `decide` while another transaction holds the order's lock, having made `meanwhile`'s change: once the
   * decision waits for that lock, the other transaction commits.
   */
  async function whileAnotherHoldsTheOrder(
    orderId: string,
    meanwhile: (other: QueryRunner) => Promise<unknown>,
    decide: () => Promise<unknown>,
  ): Promise<void> {
    const other = worker.dataSource.createQueryRunner();
    try {
      await other.startTransaction();
      await other.query(`SELECT id FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      await meanwhile(other);
      const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);
      const decision = decide();
      await until(async () => {
        const waiting = await worker.dataSource.query(
          `SELECT 1 FROM pg_locks l JOIN pg_locks held ON held.locktype = l.locktype AND held.transactionid = l.transactionid
           WHERE NOT l.granted AND held.granted AND held.pid = $1`,
          [pid],
        );
        return waiting.length > 0;
      });
      await other.commitTransaction();
      await decision;
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  }

  it('an approval whose order lock waits for another transaction reads the request as that transaction left it, and is not retried', async () => {
    const { orderId, cancellationId } = await worker.openCancellation();
    const commandId = await worker.accept(JobName.ApproveCancellation, { cancellationId }, worker.sellerId);
    const [{ version }] = await worker.dataSource.query(`SELECT version FROM cancellation_requests WHERE id = $1`, [
      cancellationId,
    ]);

    // another transaction holds the order's lock and changes the request meanwhile
    const reads = jest.spyOn(CancellationRequestRepository.prototype, 'findWithLockedOrder');
    await whileAnotherHoldsTheOrder(
      orderId,
      (other) =>
        other.query(
          `UPDATE cancellation_requests SET comment = 'changed meanwhile', version = version + 1 WHERE id = $1`,
          [cancellationId],
        ),
      () => worker.job(JobName.ApproveCancellation, { commandId }),
    );

    expect(reads).toHaveBeenCalledTimes(1);
    const read = await reads.mock.results[0].value;
    expect(read.request.toSnapshot()).toMatchObject({ comment: 'changed meanwhile', version: version + 1 });
    expect((await worker.commandRow(commandId)).state).toBe('succeeded');
    const [request] = await worker.dataSource.query(
      `SELECT state, comment, version FROM cancellation_requests WHERE id = $1`,
      [cancellationId],
    );
    expect(request).toEqual({ state: 'approved', comment: 'changed meanwhile', version: version + 2 });
  });

  it('a request of another seller, or none, is not found, and nothing is locked or changed', async () => {
    const { cancellationId } = await worker.openCancellation();
    const otherSeller = await worker.seller();
    const commandId = await worker.accept(
      JobName.RejectCancellation,
      { cancellationId, reasonId: 'already-packed' },
      otherSeller,
    );
    await worker.job(JobName.RejectCancellation, { commandId });
    expect(await worker.commandRow(commandId)).toMatchObject({ state: 'failed' });
    expect(await worker.field('cancellation_requests', 'state', cancellationId)).toBe('awaiting_seller');
  });

  it('an approval whose order lock waits for a transaction that refunded the order sees that refund: it refunds only what is left', async () => {
    const { orderId, cancellationId } = await worker.openCancellation();
    const commandId = await worker.accept(JobName.ApproveCancellation, { cancellationId }, worker.sellerId);
    const [{ paid }] = await worker.dataSource.query(`SELECT paid_amount::int AS paid FROM orders WHERE id = $1`, [
      orderId,
    ]);

    // another transaction holds the order's lock and refunds all but 100 of its payment meanwhile: the approval reads
    // the order's refunds in a statement of its own after its lock, which sees that refund (docs/benchmarks.md, 30)
    const compensation = crypto.randomUUID();
    await whileAnotherHoldsTheOrder(
      orderId,
      (other) =>
        other.query(
          `INSERT INTO refunds (id, seller_id, order_id, cause_type, cause_id, amount, currency, state, idempotency_key, created_at, updated_at)
           VALUES ($1, $2, $3, 'compensation', $4, $5, 'RUB', 'pending', $6, now(), now())`,
          [crypto.randomUUID(), worker.sellerId, orderId, compensation, paid - 100, `compensation:${compensation}`],
        ),
      () => worker.job(JobName.ApproveCancellation, { commandId }),
    );

    expect((await worker.commandRow(commandId)).state).toBe('succeeded');
    const refunds = await worker.dataSource.query(
      `SELECT cause_type AS cause, amount::int AS amount FROM refunds WHERE order_id = $1 ORDER BY amount`,
      [orderId],
    );
    expect(refunds).toEqual([
      { cause: 'cancellation', amount: 100 },
      { cause: 'compensation', amount: paid - 100 },
    ]);
  });
});
