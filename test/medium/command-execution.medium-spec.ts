import { JobName } from '@aftersale/contracts';
import { Order } from '@aftersale/domain';
import { ConcurrencyError } from '@aftersale/server/persistence';
import { CommandExecution, CommandOutcome } from '../../apps/worker/src/infrastructure/command-execution.service';
import { TransactionContext } from '../../apps/worker/src/infrastructure/transaction-context';
import { lockOrder, saveOrder } from '../../apps/worker/src/orders/order-loading';
import { ALICE, orderBody, workerForThisFile } from './support/worker-under-test';

describe('command execution (docs/architecture.md#one-transaction-per-command)', () => {
  const worker = workerForThisFile();

  /** Runs the accepted ProcessOrder command `id` through command execution, with the order locked, as its handler would. */
  const processOrder = (
    id: string,
    orderId: string,
    work: (tx: TransactionContext, order: Order) => Promise<CommandOutcome>,
  ) =>
    worker.get(CommandExecution).run(
      {
        commandId: id,
        type: JobName.ProcessOrder,
        actor: ALICE,
        sellerId: worker.sellerId,
        acceptedAt: new Date(),
        payload: {},
      },
      async (tx) => work(tx, await lockOrder(tx, orderId, worker.sellerId)),
    );

  const ordersWithPosting = async (postingNumber: string) =>
    (await worker.dataSource.query(`SELECT id FROM orders WHERE posting_number = $1`, [postingNumber])).length;

  it('a command job that runs twice applies its command once: the second run finds the command done', async () => {
    const body = orderBody();
    const id = await worker.accept(JobName.CreateOrder, body, worker.sellerId);
    await worker.job(JobName.CreateOrder, { commandId: id });
    await worker.job(JobName.CreateOrder, { commandId: id });
    expect((await worker.commandRow(id)).state).toBe('succeeded');
    expect(await ordersWithPosting(body.postingNumber)).toBe(1);
  });

  it('a refusal by a rule is the command’s final outcome with its problem document, and changes nothing', async () => {
    const orderId = await worker.order(worker.sellerId);
    const shipped = await worker.command(JobName.ShipOrder, { orderId }, worker.sellerId);
    expect(shipped.state).toBe('failed');
    expect(shipped.problem).toMatchObject({ code: 'invalid-transition', status: 409 });
    const [order] = await worker.dataSource.query(`SELECT status, version FROM orders WHERE id = $1`, [orderId]);
    expect(order).toEqual({ status: 'pending', version: 1 });
  });

  it('a unique constraint that stands for a rule is a refusal: a second order with the posting number is duplicate-posting-number', async () => {
    const body = orderBody();
    expect((await worker.command(JobName.CreateOrder, body, worker.sellerId)).state).toBe('succeeded');
    const second = await worker.command(JobName.CreateOrder, { ...body, buyer: { name: 'Other' } }, worker.sellerId);
    expect(second).toMatchObject({ state: 'failed', problem: { code: 'duplicate-posting-number' } });
    expect(await ordersWithPosting(body.postingNumber)).toBe(1);
  });

  it('a lost version race is retried at once against the new state, in a new transaction', async () => {
    const orderId = await worker.order(worker.sellerId);
    const id = await worker.accept(JobName.ProcessOrder, { orderId }, worker.sellerId);
    let attempts = 0;
    await processOrder(id, orderId, async (tx, order) => {
      if (++attempts === 1) throw new ConcurrencyError('Order', orderId);
      tx.record(order.process(ALICE, new Date()));
      return saveOrder(tx, order);
    });
    expect(attempts).toBe(2);
    expect((await worker.commandRow(id)).state).toBe('succeeded');
  });

  it('an infrastructure failure is thrown for the queue to retry; the command stays accepted and nothing is written', async () => {
    const orderId = await worker.order(worker.sellerId);
    const id = await worker.accept(JobName.ProcessOrder, { orderId }, worker.sellerId);
    await expect(
      processOrder(id, orderId, async (tx, order) => {
        tx.record(order.process(ALICE, new Date()));
        await saveOrder(tx, order);
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    expect((await worker.commandRow(id)).state).toBe('accepted');
    expect(await worker.field('orders', 'status', orderId)).toBe('pending');
  });

  it('a command job that fails on its last attempt leaves the command failed with internal-error, naming the attempts', async () => {
    // a payload the handler cannot use: the command fails the same way on every attempt
    const id = await worker.accept(JobName.ProcessOrder, { orderId: 'not-a-uuid' }, worker.sellerId);
    await expect(worker.job(JobName.ProcessOrder, { commandId: id }, 1, 3)).rejects.toThrow();
    expect((await worker.commandRow(id)).state).toBe('accepted');
    await expect(worker.job(JobName.ProcessOrder, { commandId: id }, 3, 3)).rejects.toThrow();
    expect(await worker.commandRow(id)).toMatchObject({
      state: 'failed',
      problem: { code: 'internal-error', status: 500, attempts: 3 },
    });
  });
});
