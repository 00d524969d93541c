import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaymentSimulator } from '../../apps/worker/src/payments/payment-simulator.adapter';
import { RefundExecution } from '../../apps/worker/src/refunds/execute-refund/refund-execution.service';
import { JobName } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';
import { RefundAttemptUnderWay } from '@aftersale/domain';
import { CommandExecution } from '../../apps/worker/src/infrastructure/command-execution.service';
import { IssuedRefunds } from '../../apps/worker/src/infrastructure/issued-refunds';
import { workerForThisFile } from './support/worker-under-test';

/**
 * What a refund's attempts ask the payment provider (apps/worker/src/refunds/execute-refund/refund-execution.service.ts,
 * docs/benchmarks.md, 23): the first attempt pays at once — its `processing` state is committed before the call, so
 * no call was ever made under the key — and every later attempt asks the key's status first, so that a call that
 * paid before its worker died is not paid again. Only one attempt at a time (docs/reliability.md, "One attempt at a
 * time"): the status asked while another attempt's call is under way says nothing.
 */
describe('a refund’s calls to the payment provider', () => {
  const worker = workerForThisFile();
  const calls = () => {
    const file = worker.get(PaymentSimulator).settings.callLog!;
    return existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { idempotencyKey: string; outcome: string })
      : [];
  };

  beforeEach(() => {
    const simulator = worker.get(PaymentSimulator);
    simulator.settings = {
      ...simulator.settings,
      failureRate: 0,
      callLog: join(mkdtempSync(join(tmpdir(), 'refund-calls-')), 'calls.jsonl'),
    };
  });

  it('the first attempt, started by its decision, is made by its event’s first delivery: one call, nothing asked first, no transaction of its own', async () => {
    const { refundId, key, eventJob } = await worker.refundOfCancelledOrder();
    const asked = jest.spyOn(worker.get(PaymentSimulator), 'status');
    const transactions = jest.spyOn(worker.get(CommandExecution), 'runSystem');
    try {
      await worker.job(JobName.PublishedEvent, eventJob);
      // (checked before the spies are restored, which clears what they counted)
      expect(asked).not.toHaveBeenCalled();
      // the outcome's transaction alone: the attempt was committed with the decision
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      asked.mockRestore();
      transactions.mockRestore();
    }
    expect(calls()).toEqual([expect.objectContaining({ idempotencyKey: key, outcome: 'paid' })]);
    expect(await worker.field('refunds', 'state', refundId)).toBe('succeeded');
    expect(await worker.field('refunds', 'attempts', refundId)).toBe(1);
  });

  it('an event job that starts with less than half of the decision’s hold left makes no call: its retry job pays once the hold has run out, asking first', async () => {
    const { refundId, key, eventId, eventJob } = await worker.refundOfCancelledOrder();
    // the job waited in the queue: a call started now could outlast the hold. The hold is shortened in the row, which
    // the copy its decision handed over does not see, so the copy is dropped, as in another worker, which reads the
    // row (the copy would say the same once that much time had passed: nothing else changes a held refund). A quarter
    // of the lease is left: less than the half a call needs, and still held when the retry job below starts, however
    // slow the machine (one second left ran out before it on a loaded CI machine)
    worker.get(IssuedRefunds).take(refundId);
    await worker.dataSource.query(
      `UPDATE refunds SET attempt_ends_by = now() + make_interval(secs => $2) WHERE id = $1`,
      [refundId, worker.get(ServerConfig).refundAttemptLeaseMs / 4 / 1000],
    );
    await worker.job(JobName.PublishedEvent, eventJob);
    expect(calls()).toEqual([]);
    const retry = worker.queues
      .named(JobName.ExecuteRefund)
      .filter((job) => job.opts?.jobId === `refund-${refundId}-${eventId}`);
    expect(retry).toHaveLength(1);
    await expect(worker.job(JobName.ExecuteRefund, retry[0].data)).rejects.toThrow(RefundAttemptUnderWay);

    await worker.dataSource.query(`UPDATE refunds SET attempt_ends_by = now() - interval '1 second' WHERE id = $1`, [
      refundId,
    ]);
    const asked = jest.spyOn(worker.get(PaymentSimulator), 'status');
    try {
      await worker.job(JobName.ExecuteRefund, retry[0].data, 2);
      expect(asked).toHaveBeenCalledTimes(1);
    } finally {
      asked.mockRestore();
    }
    expect(calls()).toEqual([expect.objectContaining({ idempotencyKey: key, outcome: 'paid' })]);
    expect(await worker.field('refunds', 'state', refundId)).toBe('succeeded');
    expect(await worker.field('refunds', 'attempts', refundId)).toBe(2);
  });

  it('an attempt after one whose call paid before its worker died asks the status first and pays nothing again', async () => {
    const { refundId, key } = await worker.refundOfCancelledOrder();
    // the first attempt's call fails: the refund stays `processing`, as a worker killed mid-call leaves it …
    await worker.paymentAttemptThatDies(refundId);
    // … and the provider had paid it (a timeout after paying)
    await worker.dataSource.query(
      `INSERT INTO simulated_payments (idempotency_key, amount, currency, status) VALUES ($1, 1000, 'RUB', 'succeeded')`,
      [key],
    );

    await worker.get(RefundExecution).execute({ refundId, lastAttempt: false });

    expect(calls().map((call) => call.outcome)).toEqual(['failed']);
    expect(await worker.field('refunds', 'state', refundId)).toBe('succeeded');
    expect(await worker.field('refunds', 'attempts', refundId)).toBe(2);
  });

  it('one attempt at a time: a second attempt while the first one’s call is under way is turned away, and the refund is paid by one call', async () => {
    const { refundId, key, eventJob } = await worker.refundOfCancelledOrder();
    const simulator = worker.get(PaymentSimulator);
    const pay = simulator.pay.bind(simulator);
    let callUnderWay!: () => void;
    const called = new Promise<void>((resolve) => (callUnderWay = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const held = jest.spyOn(simulator, 'pay').mockImplementationOnce(async (request) => {
      callUnderWay();
      await answered;
      return pay(request);
    });
    try {
      // the first attempt (the decision's, made by its event's job) is waiting on the provider …
      const first = worker.job(JobName.PublishedEvent, eventJob);
      await called;
      // … when another (the recovery sweep's, an Ozon answer's) starts: it would hear "unknown" and pay again
      await expect(worker.get(RefundExecution).execute({ refundId, lastAttempt: false })).rejects.toThrow(
        RefundAttemptUnderWay,
      );
      answer();
      await first;
    } finally {
      held.mockRestore();
    }
    expect(calls()).toEqual([expect.objectContaining({ idempotencyKey: key, outcome: 'paid' })]);
    expect(await worker.field('refunds', 'state', refundId)).toBe('succeeded');
    expect(await worker.field('refunds', 'attempts', refundId)).toBe(1);
  });

  it('a second call for a key the simulator paid answers that payment and records no new one', async () => {
    const simulator = worker.get(PaymentSimulator);
    const request = {
      idempotencyKey: `key-${Date.now()}`,
      orderId: await worker.order(worker.sellerId),
      amount: { amount: 500, currency: 'RUB' },
    };
    expect(await simulator.pay(request)).toEqual({ status: 'succeeded' });
    expect(await simulator.pay(request)).toEqual({ status: 'succeeded' });
    expect(calls().map((call) => call.outcome)).toEqual(['paid', 'already-paid']);
    const [{ n }] = await worker.dataSource.query(
      `SELECT count(*)::int AS n FROM simulated_payments WHERE idempotency_key = $1`,
      [request.idempotencyKey],
    );
    expect(n).toBe(1);
  });
});
