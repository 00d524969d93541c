import { Queue } from 'bullmq';
import { JobName } from '@aftersale/contracts';
import { QueueRegistry } from '../../apps/api/src/infrastructure/commands/queue-registry';
import { QueueWorkers } from '../../apps/worker/src/infrastructure/queue-workers.service';
import { ApproveCancellationCommandHandler } from '../../apps/worker/src/cancellations/approve-cancellation/approve-cancellation.command-handler';
import {
  as,
  countRows,
  createTenant,
  DEADLINE_TIMER_WAIT_MS,
  eventually,
  expectProblem,
  ok,
  orderBody,
  orderInStatus,
  TenantFixture,
} from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** docs/api.md "Command semantics": what a client is told about a command is what happened to it. */
describe('command outcomes are true', () => {
  let stack: Stack;
  let tenant: TenantFixture;
  let channel: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startStack();
    tenant = await createTenant(stack);
    channel = as(stack, { key: tenant.channelKey });
    agent = as(stack, { token: tenant.agent });
  });
  afterAll(() => stack.close());
  afterEach(() => jest.restoreAllMocks());

  const apiQueue = (job: JobName): Queue => stack.api.get(QueueRegistry).queueFor(job);

  it('the answer a command gets as its job completes is the outcome its row holds: replayed under the same Idempotency-Key from the row, it is the same answer, succeeded or refused', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    const opened = ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201);
    expect(opened.state).toBe('awaiting_seller');
    const approve = (key: string) => agent.post(`/cancellations/${opened.id}/approve`, {}, { 'Idempotency-Key': key });

    const approved = await approve('approve-once');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: opened.id, state: 'approved' });
    const replayed = await approve('approve-once');
    expect([replayed.status, replayed.body]).toEqual([approved.status, approved.body]);

    // a second approval under a new key is refused by the rules; its replay answers the same problem
    const refused = await approve('approve-twice');
    expectProblem(refused, 409, 'invalid-transition');
    const refusedAgain = await approve('approve-twice');
    expect([refusedAgain.status, refusedAgain.body]).toEqual([refused.status, refused.body]);
  });

  it('an enqueue that times out after the job reached Redis answers the real outcome (201 and the order), not a 503 "nothing was changed"', async () => {
    const queue = apiQueue(JobName.CreateOrder);
    const add = queue.add.bind(queue);
    // the job reaches Redis and the worker applies it, but the api's enqueue gives up before hearing back
    jest.spyOn(queue, 'add').mockImplementationOnce(async (name, data, opts) => {
      await add(name, data, opts);
      await eventually(
        async () =>
          (await countRows(stack, `commands WHERE id = $1 AND state <> 'accepted'`, [
            (data as { commandId: string }).commandId,
          ])) === 1,
      );
      throw new Error('enqueueing the command timed out after 2000 ms');
    });
    const body = orderBody();
    const created = await channel.post('/orders', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ postingNumber: body.postingNumber, status: 'pending' });
    expect(ok(await channel.get(`/orders/${created.body.id}`)).postingNumber).toBe(body.postingNumber);
  });

  it('an enqueue that fails before the job is applied withdraws the command: 503, and nothing is changed even when the job runs later', async () => {
    const queue = apiQueue(JobName.CreateOrder);
    const add = queue.add.bind(queue);
    let commandId = '';
    let job: Promise<unknown> = Promise.resolve();
    jest.spyOn(queue, 'add').mockImplementationOnce(async (name, data, opts) => {
      commandId = (data as { commandId: string }).commandId;
      // the job reaches Redis only after the api gave up on it
      job = new Promise((resolve) => setTimeout(resolve, 300)).then(() => add(name, data, opts));
      throw new Error('enqueueing the command timed out after 2000 ms');
    });
    const body = orderBody();
    const refused = await channel.post('/orders', body);
    expectProblem(refused, 503, 'service-unavailable');
    await job;
    const late = await stack.worker!.get(QueueWorkers).queueFor(JobName.CreateOrder).getJob(`cmd-${commandId}`);
    await eventually(async () => (await late?.getState()) === 'completed');
    expect(await countRows(stack, `commands WHERE id = $1`, [commandId])).toBe(0);
    expect(
      await countRows(stack, `orders WHERE seller_id = $1 AND posting_number = $2`, [
        tenant.sellerId,
        body.postingNumber,
      ]),
    ).toBe(0);
  });

  it('a command whose job exhausted its attempts becomes failed with an internal-error problem, and the deadline timer stops waiting for it', async () => {
    const orderId = await orderInStatus(stack, tenant, 'processing');
    const request = ok(await channel.post('/cancellations', { orderId, reasonId: 'changed-mind' }), 201);
    expect(request.state).toBe('awaiting_seller');
    // the decision is accepted before the deadline, but applying it fails every time (an infrastructure fault); the
    // deadline is near enough for the timer to decide soon after, and far enough for the decision to be accepted
    // before it on a loaded machine (one second ahead can pass before the request is accepted)
    await stack.dataSource.query(
      `UPDATE cancellation_requests SET deadline_at = now() + interval '3 seconds' WHERE id = $1`,
      [request.id],
    );
    jest
      .spyOn(stack.worker!.get(ApproveCancellationCommandHandler), 'execute')
      .mockRejectedValue(new Error('simulated infrastructure failure'));
    const queue = apiQueue(JobName.ApproveCancellation);
    const add = queue.add.bind(queue);
    // two quick attempts instead of eight with backoff, so the test need not wait a minute
    jest
      .spyOn(queue, 'add')
      .mockImplementationOnce((name, data, opts) =>
        add(name, data, { ...opts, attempts: 2, backoff: { type: 'fixed', delay: 50 } }),
      );

    const answer = await agent.post(`/cancellations/${request.id}/approve`, { comment: 'ok' });
    expectProblem(answer, 500, 'internal-error');
    const [command] = await stack.dataSource.query(
      `SELECT id FROM commands WHERE type = 'ApproveCancellation' AND resource_id = $1`,
      [request.id],
    );
    const view = ok(await agent.get(`/commands/${command.id}`));
    expect(view).toMatchObject({
      state: 'failed',
      completedAt: expect.any(String),
      problem: { code: 'internal-error', status: 500, attempts: 2 },
    });
    // the buyer's protection resumes: the timer no longer gives way to a command that will never be applied
    const decided = await eventually(async () => {
      const current = ok(await agent.get(`/cancellations/${request.id}`));
      return current.state === 'auto_approved' && current;
    }, DEADLINE_TIMER_WAIT_MS);
    expect(decided.decidedBy).toBe('deadline');
  });
});
