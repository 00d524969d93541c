import { JobName } from '@aftersale/contracts';
import { workerForThisFile } from './support/worker-under-test';

/**
 * A scan decides which case it receives from rows read before it locks the case's order (docs/rules.md "Parcels and
 * matching"). A case that stopped waiting meanwhile — closed by its ship-by timer, say — is not received: the parcel
 * is still recorded, unmatched with that case as its candidate, never dropped.
 */
describe('a scan whose case stops waiting while it waits for the order lock', () => {
  const worker = workerForThisFile();

  async function approvedReturn(): Promise<{ orderId: string; returnId: string; postingNumber: string }> {
    const orderId = await worker.processingOrder();
    for (const type of [JobName.ShipOrder, JobName.DeliverOrder]) {
      const moved = await worker.command(type, { orderId }, worker.sellerId);
      if (moved.state !== 'succeeded') throw new Error(`${type}: ${JSON.stringify(moved.problem)}`);
    }
    const created = await worker.command(
      JobName.CreateReturn,
      { orderId, type: 'buyer_return', lines: [{ sku: 'SKU-1', quantity: 1 }], reasonId: 'wrong-model' },
      worker.sellerId,
    );
    if (created.state !== 'succeeded') throw new Error(`return: ${JSON.stringify(created.problem)}`);
    const returnId = created.resourceId!;
    const approved = await worker.command(
      JobName.ApproveReturn,
      { returnId, returnAddress: 'Moscow, Returns st. 1' },
      worker.sellerId,
    );
    if (approved.state !== 'succeeded') throw new Error(`approve: ${JSON.stringify(approved.problem)}`);
    const postingNumber = (await worker.field('orders', 'posting_number', orderId)) as string;
    return { orderId, returnId, postingNumber };
  }

  it('keeps the parcel unmatched with the case as its candidate instead of failing the scan', async () => {
    const { orderId, returnId, postingNumber } = await approvedReturn();
    const commandId = await worker.accept(JobName.ReceiveParcel, { code: postingNumber }, worker.sellerId);

    const other = worker.dataSource.createQueryRunner();
    try {
      await other.startTransaction();
      await other.query(`SELECT id FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      await other.query(
        `UPDATE return_cases SET state = 'closed', snapshot = jsonb_set(snapshot, '{state}', '"closed"'),
         version = version + 1 WHERE id = $1`,
        [returnId],
      );
      const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);
      const scan = worker.job(JobName.ReceiveParcel, { commandId });
      // the scan reads the case as waiting, then waits for the order's lock
      const deadline = Date.now() + 10_000;
      for (;;) {
        const waiting = await worker.dataSource.query(
          `SELECT 1 FROM pg_locks l JOIN pg_locks held ON held.locktype = l.locktype AND held.transactionid = l.transactionid
           WHERE NOT l.granted AND held.granted AND held.pid = $1`,
          [pid],
        );
        if (waiting.length > 0) break;
        if (Date.now() > deadline) throw new Error('the scan never waited for the order lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.commitTransaction();
      await scan;
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }

    const row = await worker.commandRow(commandId);
    expect(row.state).toBe('succeeded');
    expect(row.result).toMatchObject({ returnId: null, alreadyReceived: false });
    const [parcel] = await worker.dataSource.query(
      `SELECT return_id AS "returnId", candidate_return_ids AS candidates FROM parcels WHERE id = $1`,
      [row.resourceId],
    );
    expect(parcel).toEqual({ returnId: null, candidates: [returnId] });
    expect(await worker.field('return_cases', 'state', returnId)).toBe('closed');
  });
});
