import { Job, Queue } from 'bullmq';
import { JOBS, JobName } from '@aftersale/contracts';
import { JobHandlerRegistry } from '../../apps/worker/src/infrastructure/job-handlers';
import { RecoverySweep } from '../../apps/worker/src/events/recovery-sweep.service';
import {
  as,
  countRows,
  createTenant,
  eventually,
  listQuery,
  orderBody,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';
import { TEST_REDIS_URL } from './support/test-env';

/** A producer on the stack's own queue prefix, as a second worker or the recovery sweep would use. */
function queueOf(stack: Stack, job: JobName): Queue {
  const url = new URL(TEST_REDIS_URL);
  return new Queue(JOBS[job], {
    connection: { host: url.hostname, port: Number(url.port || 6379) },
    prefix: stack.config.queuePrefix,
  });
}

async function finished(queue: Queue, jobId: string): Promise<string> {
  return eventually(async () => {
    const state = await queue.getJobState(jobId);
    return (state === 'completed' || state === 'failed') && state;
  });
}

/** Waits until no job matching `match` is waiting, delayed or running in `queue` (instead of sleeping). */
async function settled(queue: Queue, match: (job: Job) => boolean): Promise<void> {
  await eventually(
    async () =>
      !(await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).some((job) => job && match(job)),
  );
}

describe('command reliability (docs/api.md#command-semantics) on the real stack', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  const queues: Queue[] = [];

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
    admin = as(stack, { token: tenant.admin });
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await stack.close();
  });

  const queue = (job: JobName) => {
    const q = queueOf(stack, job);
    queues.push(q);
    return q;
  };
  /** calls of the payment port that reached the provider (the recording adapter): each could have moved money */
  const paymentsFor = (key: string) => stack.payments.paymentsFor(key);
  /**
   * CreateOrder commands recorded for a posting number, and those applied: a second create is kept from a second
   * order by the unique posting number anyway, so "did the work once" is whether a second command was recorded
   * or applied at all — a count no constraint caps at one.
   */
  const createOrderCommands = (postingNumber: string) =>
    countRows(stack, `commands WHERE type = 'CreateOrder' AND payload->>'postingNumber' = $1`, [postingNumber]);
  const createOrdersApplied = (postingNumber: string) =>
    countRows(stack, `commands WHERE type = 'CreateOrder' AND state = 'succeeded' AND payload->>'postingNumber' = $1`, [
      postingNumber,
    ]);
  const refundsOfOrder = (orderId: string) =>
    stack.dataSource.query(`SELECT id, state, attempts, idempotency_key FROM refunds WHERE order_id = $1`, [orderId]);
  const auditOfOrder = async (orderId: string) =>
    (await stack.dataSource.query(`SELECT id, type FROM audit_events WHERE order_id = $1 ORDER BY seq`, [orderId])) as {
      id: string;
      type: string;
    }[];

  async function succeededRefund(orderId: string) {
    return eventually(async () => {
      const rows = await refundsOfOrder(orderId);
      return rows.length === 1 && rows[0].state === 'succeeded' && rows[0];
    });
  }

  it('concurrent approve and reject of one awaiting request: exactly one wins (200), the other is 409 invalid-transition, never both applied', async () => {
    const tally = { approve: 0, reject: 0 };
    for (let round = 0; round < 15; round++) {
      const orderId = await orderInStatus(stack, tenant, 'processing');
      const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
      expect(created.body.state).toBe('awaiting_seller');
      const id = created.body.id;
      const [approve, reject] = await Promise.all([
        agent.post(`/cancellations/${id}/approve`, { comment: 'fine' }),
        admin.post(`/cancellations/${id}/reject`, { reasonId: 'already-packed', comment: 'packed already' }),
      ]);
      expect([approve.status, reject.status].sort()).toEqual([200, 409]);
      const [winner, loser] = approve.status === 200 ? [approve, reject] : [reject, approve];
      const approved = approve.status === 200;
      tally[approved ? 'approve' : 'reject']++;
      expect(loser.body).toMatchObject({ code: 'invalid-transition', currentState: winner.body.state });
      expect(winner.body.state).toBe(approved ? 'approved' : 'rejected');

      const current = await agent.get(`/cancellations/${id}`);
      expect(current.body.state).toBe(winner.body.state);
      const order = await stack.dataSource.query(`SELECT status FROM orders WHERE id = $1`, [orderId]);
      expect(order[0].status).toBe(approved ? 'cancelled' : 'processing');
      expect(await refundsOfOrder(orderId)).toHaveLength(approved ? 1 : 0);
      const decisions = (
        await stack.dataSource.query(`SELECT type FROM audit_events WHERE case_id = $1 ORDER BY seq`, [id])
      ).map((e: { type: string }) => e.type);
      expect(decisions).toEqual(['CancellationRequested', approved ? 'CancellationApproved' : 'CancellationRejected']);
    }
    // every approved order refunds once, never more (the refunds are paid after the answer)
    await eventually(
      async () =>
        (await countRows(stack, `refunds WHERE seller_id = $1 AND state <> 'succeeded'`, [tenant.sellerId])) === 0,
    );
    const perOrder = await stack.dataSource.query(
      `SELECT order_id, count(*)::int AS n FROM refunds WHERE seller_id = $1 GROUP BY order_id HAVING count(*) > 1`,
      [tenant.sellerId],
    );
    expect(perOrder).toEqual([]);
    expect(tally.approve + tally.reject).toBe(15);
  });

  it('a command job redelivered after its commit (worker died before acking) applies nothing again: one state, one refund, one payment, no repeated audit events', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    const approved = await agent.post(`/cancellations/${created.body.id}/approve`, { comment: 'ok' });
    expect(approved.status).toBe(200);
    const refund = await succeededRefund(orderId);
    const before = {
      audit: await auditOfOrder(orderId),
      order: (await agent.get(`/orders/${orderId}`)).body,
      cancellation: (await agent.get(`/cancellations/${created.body.id}`)).body,
      outbox: await countRows(stack, `outbox WHERE aggregate_id = $1 OR aggregate_id = $2`, [orderId, created.body.id]),
    };
    expect(before.order.refunded.amount).toBe(100000);
    const commands: { id: string; type: JobName }[] = await stack.dataSource.query(
      `SELECT id, type FROM commands WHERE resource_id = $1 OR resource_id = $2 ORDER BY accepted_at`,
      [orderId, created.body.id],
    );
    expect(commands.map((c) => c.type)).toEqual([
      JobName.CreateOrder,
      JobName.ProcessOrder,
      JobName.CreateCancellation,
      JobName.ApproveCancellation,
    ]);

    for (const command of commands) {
      // through Redis, under a new job id (a second delivery that BullMQ's job-id dedup would not stop)...
      const q = queue(command.type);
      const jobId = `cmd-${command.id}-redelivered`;
      await q.add(command.type, { commandId: command.id }, { jobId });
      expect(await finished(q, jobId)).toBe('completed');
      // ...and straight into the worker's handler
      await stack
        .worker!.get(JobHandlerRegistry)
        .handle({ name: command.type, data: { commandId: command.id } } as unknown as Job);
    }

    expect(await createOrderCommands(before.order.postingNumber)).toBe(1);
    expect(await createOrdersApplied(before.order.postingNumber)).toBe(1);
    expect((await agent.get(`/cancellations/${created.body.id}`)).body).toEqual(before.cancellation);
    expect((await agent.get(`/orders/${orderId}`)).body).toEqual(before.order);
    expect(await refundsOfOrder(orderId)).toEqual([refund]);
    expect(await paymentsFor(refund.idempotency_key)).toBe(1);
    expect(await auditOfOrder(orderId)).toEqual(before.audit);
    expect(
      await countRows(stack, `outbox WHERE aggregate_id = $1 OR aggregate_id = $2`, [orderId, created.body.id]),
    ).toBe(before.outbox);
  });

  it('a create redelivered after the world moved on creates nothing: a withdrawn request is not reopened by its CreateCancellation job', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    expect((await channel.post(`/cancellations/${created.body.id}/withdraw`)).body.state).toBe('withdrawn');
    const [command] = await stack.dataSource.query(
      `SELECT id FROM commands WHERE type = 'CreateCancellation' AND resource_id = $1`,
      [created.body.id],
    );
    const q = queue(JobName.CreateCancellation);
    await q.add(JobName.CreateCancellation, { commandId: command.id }, { jobId: `cmd-${command.id}-again` });
    expect(await finished(q, `cmd-${command.id}-again`)).toBe('completed');
    await stack
      .worker!.get(JobHandlerRegistry)
      .handle({ name: JobName.CreateCancellation, data: { commandId: command.id } } as unknown as Job);
    expect(await countRows(stack, `cancellation_requests WHERE order_id = $1`, [orderId])).toBe(1);
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('processing');
    expect((await agent.post(`/orders/${orderId}/ship`)).status).toBe(200);
  });

  it('a redelivered ExecuteRefund of a succeeded refund pays nothing more and leaves order.refunded unchanged', async () => {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).body.state).toBe('approved');
    const refund = await succeededRefund(orderId);
    const q = queue(JobName.ExecuteRefund);
    for (let i = 0; i < 2; i++) {
      const jobId = `refund-${refund.id}-redelivered-${i}`;
      await q.add(JobName.ExecuteRefund, { refundId: refund.id }, { jobId });
      expect(await finished(q, jobId)).toBe('completed');
    }
    await stack.worker!.get(JobHandlerRegistry).handle({
      name: JobName.ExecuteRefund,
      data: { refundId: refund.id },
      attemptsMade: 0,
      opts: { attempts: 8 },
    } as unknown as Job);
    // the RefundCreated event delivered again, as if the worker died after reacting but before marking it processed
    const [event] = await stack.dataSource.query(
      `SELECT id FROM outbox WHERE type = 'RefundCreated' AND aggregate_id = $1`,
      [refund.id],
    );
    await stack.dataSource.query(`UPDATE outbox SET processed_at = NULL WHERE id = $1`, [event.id]);
    await stack
      .worker!.get(JobHandlerRegistry)
      .handle({ name: JobName.PublishedEvent, data: { outboxId: event.id } } as unknown as Job);
    await settled(q, (job) => job.data.refundId === refund.id);

    expect(await paymentsFor(refund.idempotency_key)).toBe(1);
    expect(await refundsOfOrder(orderId)).toEqual([refund]);
    expect((await agent.get(`/orders/${orderId}`)).body.refunded).toEqual({ amount: 100000, currency: 'RUB' });
  });

  it('a payment call that times out after the money moved is not paid again: the retry looks the status up and settles the refund once', async () => {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    stack.payments.script(orderId, { pay: ['timeout-after-paying'] });
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).status).toBe(201);
    const refund = await succeededRefund(orderId);
    expect(refund.attempts).toBe(2);
    // paid once (and timed out; the first attempt asks nothing first: no call was made under the key before it),
    // then asked: paid — never a second pay call
    expect(stack.payments.callsFor(refund.idempotency_key).map((c) => [c.method, c.answer])).toEqual([
      ['pay', 'timeout after paying'],
      ['status', 'succeeded'],
    ]);
    expect(paymentsFor(refund.idempotency_key)).toBe(1);
    expect((await agent.get(`/orders/${orderId}`)).body.refunded.amount).toBe(100000);
  });

  it('a payment attempt that fails in the RefundCreated job is retried by an ExecuteRefund job under the event’s job id, and paid once', async () => {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    stack.payments.script(orderId, { pay: ['unreachable'] });
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).status).toBe(201);
    const refund = await succeededRefund(orderId);
    const [event] = await stack.dataSource.query(
      `SELECT id FROM outbox WHERE type = 'RefundCreated' AND aggregate_id = $1`,
      [refund.id],
    );
    expect(await finished(queue(JobName.ExecuteRefund), `refund-${refund.id}-${event.id}`)).toBe('completed');
    expect(refund.attempts).toBe(2);
    expect(stack.payments.callsFor(refund.idempotency_key).map((c) => [c.method, c.answer])).toEqual([
      ['pay', 'unreachable'],
      ['status', 'unknown'],
      ['pay', 'succeeded'],
    ]);
    expect(paymentsFor(refund.idempotency_key)).toBe(1);
  });

  it("a timeout after paying on the refund's last attempt settles it succeeded (the status is asked once more), not failed while the money moved", async () => {
    const orderId = await orderInStatus(stack, tenant, 'pending');
    stack.payments.script(orderId, { pay: Array.from({ length: 50 }, () => 'unreachable' as const) });
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).status).toBe(201);
    // the job's own attempts fail and back off; the refund waits in `processing`
    const refund = await eventually(async () => {
      const rows = await refundsOfOrder(orderId);
      return rows.length === 1 && rows[0].attempts >= 2 && rows[0].state === 'processing' && rows[0];
    });
    stack.payments.script(orderId, { pay: ['timeout-after-paying'] });
    // its last attempt: the call pays, then times out
    await expect(
      stack.worker!.get(JobHandlerRegistry).handle({
        name: JobName.ExecuteRefund,
        data: { refundId: refund.id },
        attemptsMade: 7,
        opts: { attempts: 8 },
      } as unknown as Job),
    ).resolves.toBeUndefined();
    const [settled] = await refundsOfOrder(orderId);
    expect(settled.state).toBe('succeeded');
    expect(paymentsFor(refund.idempotency_key)).toBe(1);
    expect((await agent.get(`/orders/${orderId}`)).body.refunded.amount).toBe(100000);
  });

  it('a create answers 201 with the new record, the same record GET /orders/:id and the list read back (lines included)', async () => {
    const body = orderBody({
      lines: [
        { sku: 'SKU-A', name: 'Case', quantity: 1, unitPrice: { amount: 30000, currency: 'RUB' } },
        { sku: 'SKU-B', name: 'Cable', quantity: 2, unitPrice: { amount: 35000, currency: 'RUB' } },
      ],
    });
    const created = await channel.post('/orders', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      postingNumber: body.postingNumber,
      status: 'pending',
      lines: body.lines,
      paid: body.paid,
      refunded: { amount: 0, currency: 'RUB' },
    });
    const [listed] = (await agent.get(`/orders${listQuery({ filter: { id: [created.body.id] } })}`)).body;
    expect(listed).toEqual(created.body);
    const one = await agent.get(`/orders/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created.body);
  });

  it('Idempotency-Key: the same key and body twice give the same answer and create one order', async () => {
    const body = orderBody();
    const headers = { 'Idempotency-Key': `order-${body.postingNumber}` };
    const first = await channel.post('/orders', body, headers);
    const second = await channel.post('/orders', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await createOrderCommands(body.postingNumber)).toBe(1);
    expect(await createOrdersApplied(body.postingNumber)).toBe(1);
    expect(await countRows(stack, `commands WHERE idempotency_key = $1`, [headers['Idempotency-Key']])).toBe(1);
  });

  it('Idempotency-Key: two identical requests sent at once get the same answer and do the work once', async () => {
    for (let round = 0; round < 5; round++) {
      const body = orderBody();
      const headers = { 'Idempotency-Key': `concurrent-${body.postingNumber}` };
      const [a, b] = await Promise.all([
        channel.post('/orders', body, headers),
        channel.post('/orders', body, headers),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(await createOrderCommands(body.postingNumber)).toBe(1);
      expect(await createOrdersApplied(body.postingNumber)).toBe(1);
    }
  });

  it('Idempotency-Key: the same key with a different body is 422 idempotency-key-reused and changes nothing', async () => {
    const body = orderBody();
    const headers = { 'Idempotency-Key': `reuse-${body.postingNumber}` };
    expect((await channel.post('/orders', body, headers)).status).toBe(201);
    const changed = orderBody();
    const reused = await channel.post('/orders', changed, headers);
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect(await countRows(stack, `orders WHERE posting_number = $1`, [changed.postingNumber])).toBe(0);
  });

  it("Idempotency-Key is scoped to the principal: another seller's channel using the same key creates its own order", async () => {
    const key = `shared-key-${Date.now()}`;
    const body = orderBody();
    const mine = await channel.post('/orders', body, { 'Idempotency-Key': key });
    const theirs = await as(stack, { key: other.channelKey }).post('/orders', body, { 'Idempotency-Key': key });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.sellerId).toBe(other.sellerId);
    expect(mine.body.sellerId).toBe(tenant.sellerId);
  });

  it('Idempotency-Key is scoped to the path: the same key on another command is a command of its own', async () => {
    const key = `path-key-${Date.now()}`;
    const created = await channel.post('/orders', orderBody(), { 'Idempotency-Key': key });
    expect(created.status).toBe(201);
    const processed = await agent.post(`/orders/${created.body.id}/process`, undefined, { 'Idempotency-Key': key });
    expect(processed.status).toBe(200);
    expect(processed.body.status).toBe('processing');
  });

  it('Idempotency-Key: a repeated keyed decision answers as the first did and refunds once, where an unkeyed repeat is 409', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    const created = await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' });
    const headers = { 'Idempotency-Key': `approve-${created.body.id}` };
    const first = await agent.post(`/cancellations/${created.body.id}/approve`, { comment: 'ok' }, headers);
    const again = await agent.post(`/cancellations/${created.body.id}/approve`, { comment: 'ok' }, headers);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await agent.post(`/cancellations/${created.body.id}/approve`, { comment: 'ok' })).status).toBe(409);
    await succeededRefund(orderId);
    expect(await refundsOfOrder(orderId)).toHaveLength(1);
  });

  it('Idempotency-Key: a refused command replays the same problem for the same key', async () => {
    const body = orderBody();
    expect((await channel.post('/orders', body)).status).toBe(201);
    const headers = { 'Idempotency-Key': `dup-${body.postingNumber}` };
    const first = await channel.post('/orders', body, headers);
    const second = await channel.post('/orders', body, headers);
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('duplicate-posting-number');
    expect(second.status).toBe(409);
    expect(second.body).toEqual(first.body);
  });

  it('a domain refusal is final and comes back within the wait as its problem (never a 202), recorded as the failed outcome', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    expect((await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' })).status).toBe(201);
    const ship = await agent.post(`/orders/${orderId}/ship`);
    expect(ship.status).toBe(409);
    expect(ship.headers['content-type']).toContain('application/problem+json');
    expect(ship.body).toMatchObject({ code: 'order-has-open-cancellation', status: 409 });
    const [command] = await stack.dataSource.query(
      `SELECT id FROM commands WHERE resource_id = $1 AND type = 'ShipOrder'`,
      [orderId],
    );
    const view = await agent.get(`/commands/${command.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      state: 'failed',
      type: 'ShipOrder',
      problem: { code: 'order-has-open-cancellation' },
    });
    expect(view.body.completedAt).toEqual(expect.any(String));
    expect((await agent.get(`/orders/${orderId}`)).body.status).toBe('processing');
  });
});

describe('commands without a running worker: 202, the command resource, and the recovery sweep', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let channel: ReturnType<typeof as>;
  const queues: Queue[] = [];

  beforeAll(async () => {
    stack = await startStack({ worker: false, commandWaitMs: 300 });
    tenant = await createTenant(stack);
    other = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await stack.close();
  });

  const commandOf = (id: string, key = tenant.channelKey) =>
    stack.http.get(`/api/v1/commands/${id}`).set('X-Api-Key', key);

  it('a command not processed within the wait is 202 with Location, readable as accepted, and later as succeeded with its result; only by its sender', async () => {
    const body = orderBody();
    const headers = { 'Idempotency-Key': `slow-${body.postingNumber}` };
    const response = await channel.post('/orders', body, headers);
    expect(response.status).toBe(202);
    const id = response.body.id;
    expect(response.headers.location).toBe(`/api/v1/commands/${id}`);
    expect(response.body).toMatchObject({
      id,
      type: 'CreateOrder',
      state: 'accepted',
      completedAt: null,
      resourceType: 'order',
    });

    const pending = await stack.http.get(response.headers.location).set('X-Api-Key', tenant.channelKey);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ id, state: 'accepted' });
    expect(pending.body.result).toBeUndefined();
    // the client retries with its key while the command waits: the same command, not a second one
    const retried = await channel.post('/orders', body, headers);
    expect(retried.status).toBe(202);
    expect(retried.body.id).toBe(id);
    expect(
      await countRows(stack, `commands WHERE principal LIKE 'channel:%' AND payload->>'postingNumber' = $1`, [
        body.postingNumber,
      ]),
    ).toBe(1);

    await stack.startWorker();
    try {
      const done = await eventually(async () => {
        const current = await commandOf(id);
        return current.body.state === 'succeeded' && current.body;
      });
      expect(done.result).toMatchObject({
        postingNumber: body.postingNumber,
        status: 'pending',
        sellerId: tenant.sellerId,
      });
      expect(done.resourceId).toBe(done.result.id);
      expect(done.completedAt).toEqual(expect.any(String));
      expect((await channel.get(`/orders/${done.resourceId}`)).status).toBe(200);
      // once done, the keyed retry gets the outcome itself
      const replay = await channel.post('/orders', body, headers);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(done.result);

      const stranger = await commandOf(id, other.channelKey);
      expect(stranger.status).toBe(404);
      expect(stranger.body.code).toBe('not-found');
      expect((await as(stack, { token: tenant.agent }).get(`/commands/${id}`)).status).toBe(404);
      expect((await commandOf('not-a-command-id')).status).toBe(404);
      expect(await countRows(stack, `orders WHERE posting_number = $1`, [body.postingNumber])).toBe(1);
    } finally {
      await stack.stopWorker();
    }
  });

  it('a command whose job used up its attempts (PostgreSQL down longer than the backoff) is retried by the recovery sweep and applied once', async () => {
    expect(stack.worker).toBeUndefined();
    const body = orderBody();
    const response = await channel.post('/orders', body);
    expect(response.status).toBe(202);
    const id = response.body.id;
    const jobId = `cmd-${id}`;
    const q = queueOf(stack, JobName.CreateOrder);
    queues.push(q);
    // the job fails for good: its one attempt cannot read the command (as while PostgreSQL is down)
    expect(await q.remove(jobId)).toBe(1);
    await q.add(JobName.CreateOrder, { commandId: 'unreadable' }, { jobId, attempts: 1 });
    await stack.startWorker();
    try {
      expect(await finished(q, jobId)).toBe('failed');
      await (await q.getJob(jobId))!.updateData({ commandId: id }); // the failure was passing, the job is sound
      expect((await commandOf(id)).body.state).toBe('accepted');
      const swept = await stack.worker!.get(RecoverySweep).sweep(0);
      expect(swept.commands).toBeGreaterThanOrEqual(1);
      const done = await eventually(async () => {
        const current = await commandOf(id);
        return current.body.state === 'succeeded' && current.body;
      });
      expect(done.result.postingNumber).toBe(body.postingNumber);
      expect(
        await countRows(stack, `orders WHERE seller_id = $1 AND posting_number = $2`, [
          tenant.sellerId,
          body.postingNumber,
        ]),
      ).toBe(1);
    } finally {
      await stack.stopWorker();
    }
  });

  it('a command whose job Redis lost is re-enqueued by the recovery sweep and applied once', async () => {
    expect(stack.worker).toBeUndefined();
    const body = orderBody();
    const response = await channel.post('/orders', body);
    expect(response.status).toBe(202);
    const id = response.body.id;
    const q = queueOf(stack, JobName.CreateOrder);
    queues.push(q);
    expect(await q.getJob(`cmd-${id}`)).toBeDefined();
    expect(await q.remove(`cmd-${id}`)).toBe(1);
    expect(await q.getJob(`cmd-${id}`)).toBeUndefined();

    await stack.startWorker();
    try {
      // the worker takes jobs (a later command is applied), yet nothing is left to process the lost one
      const probe = orderBody();
      expect([201, 202]).toContain((await channel.post('/orders', probe)).status);
      await eventually(
        async () => (await countRows(stack, `orders WHERE posting_number = $1`, [probe.postingNumber])) === 1,
      );
      expect((await commandOf(id)).body.state).toBe('accepted');
      const swept = await stack.worker!.get(RecoverySweep).sweep(0);
      expect(swept.commands).toBeGreaterThanOrEqual(1);
      const done = await eventually(async () => {
        const current = await commandOf(id);
        return current.body.state === 'succeeded' && current.body;
      });
      expect(done.result.postingNumber).toBe(body.postingNumber);
      // a second sweep finds nothing of it to redo
      const again = await stack.worker!.get(RecoverySweep).sweep(0);
      expect(again.commands).toBe(0);
      await settled(q, (job) => job.data.commandId === id);
      expect(
        await countRows(stack, `commands WHERE type = 'CreateOrder' AND payload->>'postingNumber' = $1`, [
          body.postingNumber,
        ]),
      ).toBe(1);
      expect(
        await countRows(stack, `audit_events WHERE order_id = $1 AND type = 'OrderCreated'`, [done.resourceId]),
      ).toBe(1);
      expect((await channel.get(`/orders${listQuery({ filter: { q: body.postingNumber } })}`)).body).toHaveLength(1);
    } finally {
      await stack.stopWorker();
    }
  });
});
