import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { JobName } from '@aftersale/contracts';
import { Order } from '@aftersale/domain';
import {
  combinedStatement,
  ConcurrencyError,
  deferWrites,
  EventReactionRows,
  RefundRepository,
  write,
} from '@aftersale/server/persistence';
import { withCorrelation } from '@aftersale/server/messaging';
import { PaymentSimulator } from '../../apps/worker/src/payments/payment-simulator.adapter';
import { CommandExecution } from '../../apps/worker/src/infrastructure/command-execution.service';
import { TransactionContext } from '../../apps/worker/src/infrastructure/transaction-context';
import { ALICE, CHANNEL, orderBody, workerForThisFile } from './support/worker-under-test';

/** docs/benchmarks.md, 22: a transaction's writes are queued and sent as one statement at its end. */
describe('deferred writes: a transaction’s writes in one statement', () => {
  const worker = workerForThisFile();
  const execution = () => worker.get(CommandExecution);

  /** The statements the transaction's connection sends from here on (the texts, in order). */
  function statementsOf(manager: EntityManager): { sent: string[]; restore: () => void } {
    const sent: string[] = [];
    const connection = (
      manager.queryRunner as unknown as { databaseConnection: { query: (...args: unknown[]) => unknown } }
    ).databaseConnection;
    const query = connection.query;
    connection.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text: string };
      sent.push(typeof first === 'string' ? first : first.text);
      return query.apply(this, args);
    };
    return { sent, restore: () => void (connection.query = query) };
  }

  /** Runs the accepted command's job; the statements its transaction sent from the handler's `run` on. */
  async function statementsOfJob(type: JobName, commandId: string): Promise<string[]> {
    let recorded: ReturnType<typeof statementsOf> | undefined;
    const execute = execution();
    const run = execute.run.bind(execute);
    const spy = jest.spyOn(execute, 'run').mockImplementation((envelope, work) =>
      run(envelope, async (tx) => {
        recorded = statementsOf(tx.manager);
        return work(tx);
      }),
    );
    try {
      await worker.job(type, { commandId });
    } finally {
      spy.mockRestore();
      recorded?.restore();
    }
    return recorded!.sent;
  }

  const processingOrder = () => worker.processingOrder();
  const openCancellation = () => worker.openCancellation();

  it('an approval writes its order, request, refund (its first attempt started), events and outcome in one statement after its reads, and all of them commit', async () => {
    const { orderId, cancellationId } = await openCancellation();
    const id = await worker.accept(JobName.ApproveCancellation, { cancellationId }, worker.sellerId);
    const sent = await statementsOfJob(JobName.ApproveCancellation, id);
    const writes = sent.filter((text) => !/^\s*(SELECT|COMMIT)/i.test(text));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^WITH w1 AS \(UPDATE "orders"/);
    expect(sent[sent.length - 1]).toBe('COMMIT');
    expect((await worker.commandRow(id)).state).toBe('succeeded');
    expect(await worker.field('orders', 'status', orderId)).toBe('cancelled');
    expect(await worker.field('cancellation_requests', 'state', cancellationId)).toBe('approved');
    const [refund] = await worker.dataSource.query(`SELECT state, attempts FROM refunds WHERE order_id = $1`, [
      orderId,
    ]);
    expect(refund).toEqual({ state: 'processing', attempts: 1 });
    const audit = await worker.dataSource.query(
      `SELECT type FROM audit_events WHERE order_id = $1 AND type IN ('CancellationApproved', 'RefundCreated', 'RefundAttemptStarted') ORDER BY seq`,
      [orderId],
    );
    expect(audit.map((row: { type: string }) => row.type)).toEqual([
      'CancellationApproved',
      'RefundCreated',
      'RefundAttemptStarted',
    ]);
  });

  it('a new order and its lines are inserted in one statement: the lines’ foreign key and the search trigger find the order', async () => {
    const body = orderBody({
      lines: [
        { sku: 'DW-FIRST', name: 'Case', quantity: 1, unitPrice: { amount: 40000, currency: 'RUB' } },
        { sku: 'DW-SECOND', name: 'Cable', quantity: 3, unitPrice: { amount: 20000, currency: 'RUB' } },
      ],
    });
    const id = await worker.accept(JobName.CreateOrder, body, worker.sellerId, { actor: CHANNEL(worker.sellerId) });
    const sent = await statementsOfJob(JobName.CreateOrder, id);
    const writes = sent.filter((text) => !/^\s*(SELECT|COMMIT)/i.test(text));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain('INSERT INTO "orders"');
    expect(writes[0]).toContain('INSERT INTO order_lines');
    const created = await worker.commandRow(id);
    expect(created.state).toBe('succeeded');
    const lines = await worker.dataSource.query(
      `SELECT line_no, sku, quantity, unit_price_amount FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
      [created.resourceId],
    );
    expect(lines).toEqual([
      { line_no: 1, sku: 'DW-FIRST', quantity: 1, unit_price_amount: '40000' },
      { line_no: 2, sku: 'DW-SECOND', quantity: 3, unit_price_amount: '20000' },
    ]);
    const search = await worker.dataSource.query(
      `SELECT t.text FROM order_search s JOIN order_search_texts t ON t.id = s.text_id WHERE s.order_id = $1 ORDER BY t.text`,
      [created.resourceId],
    );
    expect(search.map((row: { text: string }) => row.text)).toEqual(
      expect.arrayContaining(['dw-first', 'dw-second', body.postingNumber.toLowerCase()]),
    );
  });

  it('a duplicate posting number in the combined statement is still the duplicate-posting-number refusal', async () => {
    const body = orderBody();
    expect((await worker.command(JobName.CreateOrder, body, worker.sellerId)).state).toBe('succeeded');
    const second = await worker.command(JobName.CreateOrder, body, worker.sellerId);
    expect(second).toMatchObject({ state: 'failed', problem: { code: 'duplicate-posting-number' } });
  });

  it('a second open cancellation of an order, caught only by the unique index in the combined statement, is cancellation-already-open', async () => {
    // an order whose open request the order row no longer names: the rule's check passes, the unique index refuses
    const pending = await processingOrder();
    const first = await worker.command(
      JobName.CreateCancellation,
      { orderId: pending, reasonId: 'changed-mind' },
      worker.sellerId,
      {
        actor: CHANNEL(worker.sellerId),
      },
    );
    expect(first.state).toBe('succeeded');
    await worker.dataSource.query(`UPDATE orders SET open_cancellation_id = NULL WHERE id = $1`, [pending]);
    const second = await worker.command(
      JobName.CreateCancellation,
      { orderId: pending, reasonId: 'found-cheaper' },
      worker.sellerId,
      {
        actor: CHANNEL(worker.sellerId),
      },
    );
    expect(second).toMatchObject({ state: 'failed', problem: { code: 'cancellation-already-open' } });
    const requests = await worker.dataSource.query(
      `SELECT count(*)::int AS n FROM cancellation_requests WHERE order_id = $1`,
      [pending],
    );
    expect(requests[0].n).toBe(1);
  });

  it('a versioned update that finds another version in the combined statement is a lost race: rolled back and run again', async () => {
    const orderId = await worker.order(worker.sellerId);
    let attempts = 0;
    await execution().runSystem(async (tx: TransactionContext) => {
      attempts++;
      const order = (await tx.orders.find(orderId))!; // not locked: another transaction changes it meanwhile
      if (attempts === 1)
        await worker.dataSource.query(`UPDATE orders SET version = version + 1 WHERE id = $1`, [orderId]);
      tx.record(order.process(ALICE, new Date()));
      await tx.orders.save(order);
    });
    expect(attempts).toBe(2);
    expect(await worker.field('orders', 'status', orderId)).toBe('processing');
    expect(await worker.field('orders', 'version', orderId)).toBe(3);
    const processed = await worker.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE case_id = $1 AND type = 'OrderProcessing'`,
      [orderId],
    );
    expect(processed[0].n).toBe(1);
  });

  it('one aggregate saved twice in a transaction: the first write is sent before the second is queued, both versions apply', async () => {
    const orderId = await worker.order(worker.sellerId);
    await execution().runSystem(async (tx: TransactionContext) => {
      const order = (await tx.orders.find(orderId, null, true))!;
      tx.record(order.process(ALICE, new Date()));
      await tx.orders.save(order);
      const again = Order.fromSnapshot({ ...order.toSnapshot(), version: order.version + 1 });
      tx.record(again.ship(ALICE, new Date()));
      await tx.orders.save(again);
    });
    expect(await worker.field('orders', 'status', orderId)).toBe('shipped');
    expect(await worker.field('orders', 'version', orderId)).toBe(3);
  });

  it('a read after a queued write in the same transaction sees the write: the queue is sent before the read', async () => {
    const { order } = Order.create(
      { id: randomUUID(), sellerId: worker.sellerId, ...orderBody() },
      CHANNEL(worker.sellerId),
      new Date(),
    );
    const read = await execution().runSystem(async (tx: TransactionContext) => {
      await tx.orders.save(order);
      return tx.orders.find(order.id);
    });
    expect(read?.lines).toHaveLength(1);
    expect(read?.status).toBe('pending');
  });

  it('a transaction that fails drops its queued writes: nothing is written', async () => {
    const orderId = await worker.order(worker.sellerId);
    await expect(
      execution().runSystem(async (tx: TransactionContext) => {
        const order = (await tx.orders.find(orderId, null, true))!;
        tx.record(order.process(ALICE, new Date()));
        await tx.orders.save(order);
        throw new Error('connection reset');
      }),
    ).rejects.toThrow('connection reset');
    expect(await worker.field('orders', 'status', orderId)).toBe('pending');
    expect(await worker.field('orders', 'version', orderId)).toBe(1);
  });

  it('a refund paid in its RefundCreated event’s job writes the event’s inbox row in its outcome’s transaction, not after it', async () => {
    const { eventId, eventJob } = await worker.refundOfCancelledOrder();
    const event = { id: eventId };
    const separately = jest.spyOn(worker.get(EventReactionRows), 'recordReaction');
    try {
      await worker.job(JobName.PublishedEvent, eventJob);
      expect(separately).not.toHaveBeenCalled();
    } finally {
      separately.mockRestore();
    }
    // written by one transaction: the rows' xmin is the transaction that wrote them last
    const [written] = await worker.dataSource.query(
      `SELECT r.state, o.processed_at IS NOT NULL AS processed, o.xmin = r.xmin AND i.xmin = r.xmin AS together
       FROM outbox o JOIN refunds r ON r.id = o.aggregate_id JOIN inbox i ON i.event_id = o.id AND i.consumer = 'execute-refund'
       WHERE o.id = $1`,
      [event.id],
    );
    expect(written).toEqual({ state: 'succeeded', processed: true, together: true });
  });

  /** When each statement the transaction's connection sends goes out and when its answer comes back, in order. */
  function timelineOf(manager: EntityManager): { events: string[]; restore: () => void } {
    const events: string[] = [];
    const connection = (
      manager.queryRunner as unknown as { databaseConnection: { query: (...args: unknown[]) => Promise<unknown> } }
    ).databaseConnection;
    const query = connection.query;
    connection.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text: string };
      const word = (typeof first === 'string' ? first : first.text).split(/\s/)[0];
      events.push(`sent ${word}`);
      const answer = query.apply(this, args);
      answer.then(
        () => events.push(`answered ${word}`),
        () => events.push(`failed ${word}`),
      );
      return answer;
    };
    return { events, restore: () => void (connection.query = query) };
  }

  it('a transaction sends its START TRANSACTION with its first statement and its COMMIT behind its writes, without waiting for the answers in between', async () => {
    const orderId = await worker.order(worker.sellerId);
    let timeline: ReturnType<typeof timelineOf> | undefined;
    await execution().runSystem(async (tx: TransactionContext) => {
      timeline = timelineOf(tx.manager);
      const order = (await tx.orders.find(orderId, null, true))!;
      tx.record(order.process(ALICE, new Date()));
      await tx.orders.save(order);
    });
    timeline!.restore();
    expect(timeline!.events).toEqual([
      'sent START',
      'sent SELECT',
      'answered START',
      'answered SELECT',
      'sent WITH',
      'sent COMMIT',
      'answered WITH',
      'answered COMMIT',
    ]);
    expect(await worker.field('orders', 'status', orderId)).toBe('processing');
  });

  /** Runs the event job of a fresh refund; the timeline of each transaction it ran, as `timelineOf` records it. */
  async function timelinesOfPayment(eventJob: Record<string, unknown>): Promise<string[][]> {
    const timelines: ReturnType<typeof timelineOf>[] = [];
    const execute = execution();
    const runSystem = execute.runSystem.bind(execute);
    const spy = jest.spyOn(execute, 'runSystem').mockImplementation((work, options) =>
      runSystem((tx) => {
        timelines.push(timelineOf(tx.manager));
        return work(tx);
      }, options),
    );
    try {
      await withCorrelation('corr-payment-outcome', () => worker.job(JobName.PublishedEvent, eventJob));
    } finally {
      spy.mockRestore();
      timelines.forEach((timeline) => timeline.restore());
    }
    return timelines.map((timeline) => timeline.events);
  }

  it('the outcome of a refund’s first attempt reads nothing: its START, correlation id, writes and COMMIT go in one round trip', async () => {
    const { orderId, refundId, eventJob } = await worker.refundOfCancelledOrder();
    const timelines = await timelinesOfPayment(eventJob);
    expect(timelines).toEqual([
      [
        'sent START',
        'sent SELECT',
        'sent WITH',
        'sent COMMIT',
        'answered START',
        'answered SELECT',
        'answered WITH',
        'answered COMMIT',
      ],
    ]);
    const [refund] = await worker.dataSource.query(
      `SELECT r.state, o.refunded_amount = r.amount AS "orderRefunded"
       FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = $1`,
      [refundId],
    );
    expect(refund).toEqual({ state: 'succeeded', orderRefunded: true });
    // the rows the outcome wrote took the correlation id sent with its START
    const [audit] = await worker.dataSource.query(
      `SELECT correlation_id FROM audit_events WHERE order_id = $1 AND type = 'RefundSucceeded'`,
      [orderId],
    );
    expect(audit).toEqual({ correlation_id: 'corr-payment-outcome' });
  });

  it('an order changed during a refund’s call is not written over: the outcome’s versioned update loses the race, and its run again reads the order, locked', async () => {
    const { orderId, refundId, eventJob } = await worker.refundOfCancelledOrder();
    const simulator = worker.get(PaymentSimulator);
    const pay = simulator.pay.bind(simulator);
    const locked = jest.spyOn(RefundRepository.prototype, 'findWithLockedOrder');
    // another transaction changed the order while the call was under way
    const payDuring = jest.spyOn(simulator, 'pay').mockImplementation(async (request) => {
      await worker.dataSource.query(
        `UPDATE orders SET buyer_name = 'Changed during the call', version = version + 1 WHERE id = $1`,
        [orderId],
      );
      return pay(request);
    });
    try {
      await worker.job(JobName.PublishedEvent, eventJob);
      expect(locked).toHaveBeenCalledTimes(1);
    } finally {
      payDuring.mockRestore();
      locked.mockRestore();
    }
    const [row] = await worker.dataSource.query(
      `SELECT r.state, o.refunded_amount = r.amount AS "orderRefunded", o.buyer_name
       FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = $1`,
      [refundId],
    );
    expect(row).toEqual({ state: 'succeeded', orderRefunded: true, buyer_name: 'Changed during the call' });
  });

  it('a transaction that sends nothing sends no START TRANSACTION, no correlation id and no COMMIT', async () => {
    let timeline: ReturnType<typeof timelineOf> | undefined;
    expect(
      await withCorrelation('corr-nothing-sent', () =>
        execution().runSystem(async (tx: TransactionContext) => {
          timeline = timelineOf(tx.manager);
          return 'nothing to do';
        }),
      ),
    ).toBe('nothing to do');
    timeline!.restore();
    expect(timeline!.events).toEqual([]);
  });

  it.each([
    ['with', true],
    ['without', false],
  ])(
    'a lost race in the combined statement is the write’s own error and commits none of the writes, on a connection %s pipeline mode',
    async (_, pipeline) => {
      const orderId = await worker.order(worker.sellerId);
      const options = worker.dataSource.options as { extra?: object };
      const dataSource = await new DataSource({
        ...worker.dataSource.options,
        extra: { ...options.extra, max: 2, pipeline },
      } as typeof worker.dataSource.options).initialize();
      const runner = dataSource.createQueryRunner();
      try {
        deferWrites(runner.manager);
        const attempt = runner.manager.transaction(async (manager) => {
          await manager.query(`SELECT id FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
          await write(manager, {
            table: 'orders',
            text: `UPDATE orders SET buyer_name = 'Changed' WHERE id = $1`,
            values: [orderId],
          });
          await write(manager, {
            table: 'orders',
            row: `orders:${orderId}`,
            text: `UPDATE orders SET version = version + 1 WHERE id = $1 AND version = $2`,
            values: [orderId, 41],
            expect: { rows: 1, mismatch: () => new ConcurrencyError('Order', orderId) },
          });
        });
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        const [row] = await dataSource.query(`SELECT buyer_name, version FROM orders WHERE id = $1`, [orderId]);
        expect(row).toEqual({ buyer_name: expect.not.stringMatching(/^Changed$/), version: 1 });
        // the connection is usable again, out of the failed transaction
        expect(await runner.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      } finally {
        await runner.release();
        await dataSource.destroy();
      }
    },
  );

  it('the combined statement renumbers each write’s parameters after the ones before it and renames its parts', () => {
    const { text, values } = combinedStatement([
      {
        table: 'a',
        text: 'UPDATE a SET x = $1 WHERE id = $2',
        values: [1, 'a'],
        expect: { rows: 1, mismatch: () => new ConcurrencyError('A', 'a') },
      },
      {
        table: 'b',
        parts: [{ name: 'rows_in', text: 'SELECT * FROM unnest($1::int[]) AS r(n)' }],
        text: 'INSERT INTO b (n, m) SELECT n, $2 FROM rows_in',
        values: [[1, 2], 'm'],
      },
    ]);
    expect(text).toBe(
      'WITH w1 AS (UPDATE a SET x = $1 WHERE id = $2 RETURNING 1),\n' +
        'w2_rows_in AS (SELECT * FROM unnest($3::int[]) AS r(n)),\n' +
        'w2 AS (INSERT INTO b (n, m) SELECT n, $4 FROM w2_rows_in)\n' +
        "SELECT aftersale_expect_rows('w1', (SELECT count(*) FROM w1), 1) AS w1",
    );
    expect(values).toEqual([1, 'a', [1, 2], 'm']);
  });

  it('a write combined again at another place is renamed and renumbered for that place, not as it was the first time', () => {
    const insert = {
      table: 'b',
      parts: [{ name: 'rows_in', text: 'SELECT * FROM unnest($1::int[]) AS r(n)' }],
      text: 'INSERT INTO b (n) SELECT n FROM rows_in',
      values: [[1]],
    };
    const update = { table: 'a', text: 'UPDATE a SET x = $1 WHERE id = $2', values: [1, 'a'] };
    expect(combinedStatement([insert, update]).text).toBe(
      'WITH w1_rows_in AS (SELECT * FROM unnest($1::int[]) AS r(n)),\n' +
        'w1 AS (INSERT INTO b (n) SELECT n FROM w1_rows_in),\n' +
        'w2 AS (UPDATE a SET x = $2 WHERE id = $3)\n' +
        'SELECT 1 AS done',
    );
    expect(combinedStatement([update, insert]).text).toBe(
      'WITH w1 AS (UPDATE a SET x = $1 WHERE id = $2),\n' +
        'w2_rows_in AS (SELECT * FROM unnest($3::int[]) AS r(n)),\n' +
        'w2 AS (INSERT INTO b (n) SELECT n FROM w2_rows_in)\n' +
        'SELECT 1 AS done',
    );
    expect(combinedStatement([insert, update]).text).toContain('w1 AS (INSERT INTO b (n) SELECT n FROM w1_rows_in)');
  });
});
