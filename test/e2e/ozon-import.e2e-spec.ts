import { INestApplicationContext } from '@nestjs/common';
import { JobName, QueueName } from '@aftersale/contracts';
import { OzonSimulator } from '../../apps/ozon-sim/src/ozon-simulator';
import { OzonImport } from '../../apps/worker/src/marketplace/import-ozon/ozon-import.service';
import { OzonSyncSchedules } from '../../apps/worker/src/marketplace/import-ozon/ozon-sync-schedules.service';
import { QueueWorkers } from '../../apps/worker/src/infrastructure/queue-workers.service';
import { as, eventually, ok, TenantFixture } from './support/fixtures';
import { Stack } from './support/stack';
import { OzonSuite, startOzonSuite } from './support/ozon-fixtures';

/**
 * The Ozon import (docs/ozon.md#import), against the simulator's demo scenario: postings become orders and their
 * moves, conditional cancellations become cancellation requests with Ozon's deadline, a request Ozon decided is
 * reconciled, and a second run changes nothing.
 */
describe('importing a seller’s Ozon account', () => {
  let suite: OzonSuite;
  let stack: Stack;
  let sim: OzonSimulator;
  let shop: TenantFixture;
  let worker: INestApplicationContext;
  const apiKey = 'import-suite-api-key';
  const account = () => suite.account();

  const sync = () => worker.get(OzonImport, { strict: false }).syncSeller(shop.sellerId);
  const orders = async () =>
    (await stack.dataSource.query(
      `SELECT o.id, o.posting_number, o.status, o.paid_amount FROM orders o WHERE o.seller_id = $1 ORDER BY posting_number`,
      [shop.sellerId],
    )) as { id: string; posting_number: string; status: string; paid_amount: string }[];
  const requests = async () =>
    (await stack.dataSource.query(
      `SELECT id, posting_number, state, initiator, deadline_at, decided_by FROM cancellation_requests
        WHERE seller_id = $1 ORDER BY posting_number, created_at`,
      [shop.sellerId],
    )) as {
      id: string;
      posting_number: string;
      state: string;
      initiator: string;
      deadline_at: Date;
      decided_by: string;
    }[];
  const auditCount = async () =>
    Number(
      (await stack.dataSource.query(`SELECT count(*) FROM audit_events WHERE seller_id = $1`, [shop.sellerId]))[0]
        .count,
    );
  const statusOf = async (postingNumber: string) =>
    (await orders()).find((o) => o.posting_number === postingNumber)?.status;

  beforeAll(async () => {
    suite = await startOzonSuite(apiKey);
    ({ stack, sim, shop, worker } = suite);
  });
  afterAll(() => suite.close());

  it('turns postings into orders at the status Ozon shows, and requests into cancellation requests with auto_approve_date as the deadline', async () => {
    const report = await sync();
    expect(report?.problems).toEqual([]);
    const imported = await orders();
    expect(imported).toHaveLength(12);
    const count = (status: string) => imported.filter((o) => o.status === status).length;
    expect([count('pending'), count('processing'), count('shipped'), count('delivered')]).toEqual([3, 4, 1, 4]);
    // Ozon's "2490.00" is 249000 minor units
    expect(imported.map((o) => Number(o.paid_amount))).toContain(249000);

    const open = await requests();
    expect(open).toHaveLength(3);
    for (const request of open) {
      const ozon = [...account().cancellations.values()].find((c) => c.posting_number === request.posting_number)!;
      expect(request).toMatchObject({ state: 'awaiting_seller', initiator: 'buyer' });
      expect(
        Math.abs(new Date(request.deadline_at).getTime() - new Date(ozon.auto_approve_date).getTime()),
      ).toBeLessThan(5000);
    }
    const connection = ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon'));
    expect(connection).toMatchObject({ status: 'ok' });
    expect(connection.lastSyncAt).not.toBeNull();
    expect(sim.violations).toEqual([]);
  });

  it('turns rFBS returns into return cases, the buyer’s photos copied as their attachments, one already travelling back approved', async () => {
    const cases: { posting_number: string; type: string; state: string; attachments: string[]; snapshot: any }[] =
      await stack.dataSource.query(
        `SELECT posting_number, type, state, snapshot->'attachmentIds' AS attachments, snapshot FROM return_cases
          WHERE seller_id = $1 ORDER BY posting_number`,
        [shop.sellerId],
      );
    const all = [...account().returns.values()];
    const fresh = all.filter((r) => r.group_state === 'New');
    expect(cases.map((c) => c.posting_number)).toEqual(all.map((r) => r.posting_number).sort());
    for (const ozon of fresh) {
      expect(cases.find((c) => c.posting_number === ozon.posting_number)?.state).toBe('requested');
    }
    // the return Ozon shows verified (Delivering) is a case approved by Ozon, with Ozon's return method
    const travelling = all.find((r) => r.group_state === 'Delivering')!;
    const approved = cases.find((c) => c.posting_number === travelling.posting_number)!;
    expect(approved.state).toBe('approved');
    expect(approved.snapshot).toMatchObject({
      decidedBy: 'system',
      returnAddress: travelling.return_method_description,
    });
    // the defect with two photos is a defect claim with both as attachments
    const defect = fresh.find((r) => r.return_reason.is_defect)!;
    const claim = cases.find((c) => c.posting_number === defect.posting_number)!;
    expect(claim.type).toBe('defect_claim');
    expect(claim.attachments).toHaveLength(2);
    const stored = await stack.dataSource.query(
      `SELECT content_type, size FROM attachments WHERE id = ANY($1::uuid[])`,
      [claim.attachments],
    );
    expect(stored).toEqual([
      { content_type: 'image/png', size: expect.anything() },
      { content_type: 'image/png', size: expect.anything() },
    ]);
  });

  it('changes nothing when the same account is imported again', async () => {
    const before = { orders: await orders(), requests: await requests(), audit: await auditCount() };
    await sync();
    expect({ orders: await orders(), requests: await requests(), audit: await auditCount() }).toEqual(before);
  });

  it('makes a posting that moved on Ozon one move of its order', async () => {
    const posting = [...account().postings.values()].find((p) => p.status === 'awaiting_packaging')!;
    sim.store.moveTo(posting, 'awaiting_deliver');
    const audit = await auditCount();
    await sync();
    expect(await statusOf(posting.posting_number)).toBe('processing');
    expect(await auditCount()).toBe(audit + 1);
    await sync();
    expect(await auditCount()).toBe(audit + 1);
  });

  it('reconciles a request Ozon approved on its side instead of opening another, and cancels the order', async () => {
    const ozon = [...account().cancellations.values()].find((c) => c.state === 'ON_APPROVAL')!;
    sim.store.approveCancellation(account(), ozon.cancellation_id, 'approved in Ozon’s seller console');
    await sync();
    const mine = (await requests()).filter((r) => r.posting_number === ozon.posting_number);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'approved', decided_by: 'system' });
    expect(await statusOf(ozon.posting_number)).toBe('cancelled');
  });

  it('reconciles the requests Ozon approved by itself at auto_approve_date', async () => {
    sim.store.advance(4 * 24 * 3600 * 1000);
    await sync();
    const states = (await requests()).map((r) => r.state);
    expect(states).toHaveLength(3);
    expect(states.every((state) => state === 'approved')).toBe(true);
    expect((await orders()).filter((o) => o.status === 'cancelled')).toHaveLength(3);
  });

  it('imports a posting the buyer cancelled while it was packed as an order cancelled at once', async () => {
    const posting = [...account().postings.values()].find((p) => p.status === 'awaiting_packaging')!;
    sim.store.buyerCancels(account(), posting.posting_number, 502);
    await sync();
    expect(await statusOf(posting.posting_number)).toBe('cancelled');
    const mine = (await requests()).filter((r) => r.posting_number === posting.posting_number);
    expect(mine).toHaveLength(1);
    expect(mine[0].state).toBe('approved');
  });

  it('shows bad credentials as the connection status, and ok again once Ozon accepts the key', async () => {
    sim.faults.push({ kind: 'bad-credentials', times: 1 });
    await expect(sync()).rejects.toThrow(/Ozon/);
    const refused = ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon'));
    expect(refused).toMatchObject({ status: 'bad-credentials' });
    expect(JSON.stringify(refused)).not.toContain(apiKey);
    await sync();
    expect(ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon'))).toMatchObject({ status: 'ok' });
  });

  it('keeps one job scheduler per connected seller on the marketplace queue, and drops it on disconnect', async () => {
    const schedules = worker.get(OzonSyncSchedules, { strict: false });
    const queue = worker.get(QueueWorkers).queue(QueueName.Marketplace);
    await schedules.reconcile();
    const keys = async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(await keys()).toContain(`ozon-sync:${shop.sellerId}`);
    // the scheduler's job runs the import through the marketplace queue
    const posting = [...account().postings.values()].find((p) => p.status === 'awaiting_deliver')!;
    sim.store.moveTo(posting, 'delivering');
    await queue.add(JobName.SyncOzon, { sellerId: shop.sellerId });
    await eventually(async () => (await statusOf(posting.posting_number)) === 'shipped');
    await stack.http.delete('/api/v1/marketplace/ozon').set('Authorization', `Bearer ${shop.admin}`);
    await schedules.reconcile();
    expect(await keys()).not.toContain(`ozon-sync:${shop.sellerId}`);
  });
});
