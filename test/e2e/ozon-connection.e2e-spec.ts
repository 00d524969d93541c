import { randomBytes } from 'node:crypto';
import { OzonSimulator } from '../../apps/ozon-sim/src/ozon-simulator';
import { DEMO_API_KEY, DEMO_CLIENT_ID } from '../../apps/ozon-sim/src/sim-scenarios';
import { as, createTenant, expectProblem, ok, TenantFixture } from './support/fixtures';
import { startStack, Stack } from './support/stack';

/** Connecting a seller's Ozon account (docs/ozon.md#connection), against the Ozon simulator. */
describe('connecting an Ozon account', () => {
  let stack: Stack;
  let sim: OzonSimulator;
  let shop: TenantFixture;
  let other: TenantFixture;

  beforeAll(async () => {
    sim = new OzonSimulator({ scenario: 'demo' });
    process.env.OZON_API_URL = `http://127.0.0.1:${await sim.listen(0)}`;
    process.env.MARKETPLACE_SECRET_KEY = randomBytes(32).toString('base64');
    stack = await startStack({ worker: false });
    shop = await createTenant(stack);
    other = await createTenant(stack);
  });
  afterAll(async () => {
    await stack.close();
    await sim.close();
  });

  it('keeps a pair Ozon accepts, shows its status and never the Api-Key again', async () => {
    const connected = ok(
      await as(stack, { token: shop.admin }).put('/marketplace/ozon', {
        clientId: DEMO_CLIENT_ID,
        apiKey: DEMO_API_KEY,
      }),
    );
    expect(connected).toMatchObject({ marketplace: 'ozon', connected: true, clientId: DEMO_CLIENT_ID, status: 'ok' });
    expect(JSON.stringify(connected)).not.toContain(DEMO_API_KEY);

    const seen = ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon'));
    expect(seen.status).toBe('ok');
    expect(JSON.stringify(seen)).not.toContain(DEMO_API_KEY);
    // the simulator saw the real headers: the pair was checked with Ozon before it was kept
    expect(sim.requests.at(-1)).toMatchObject({ clientId: DEMO_CLIENT_ID, status: 200 });
  });

  it('stores the Api-Key encrypted: no column of any row holds it in clear', async () => {
    const rows = await stack.dataSource.query(`SELECT * FROM marketplace_connections WHERE seller_id = $1`, [
      shop.sellerId,
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(DEMO_API_KEY);
    expect(rows[0].api_key_ciphertext).toMatch(/^v1:/);
  });

  it('refuses a pair Ozon refuses, with a problem document, and keeps nothing', async () => {
    const response = await as(stack, { token: other.admin }).put('/marketplace/ozon', {
      clientId: DEMO_CLIENT_ID,
      apiKey: 'not-the-right-key',
    });
    expectProblem(response, 422, 'marketplace-credentials-refused');
    expect(ok(await as(stack, { token: other.admin }).get('/marketplace/ozon'))).toMatchObject({
      connected: false,
      status: null,
    });
  });

  it('keeps the pair with status unreachable when Ozon cannot be asked now', async () => {
    sim.faults.push({ kind: 'server-error', times: 2 });
    const fresh = await createTenant(stack);
    sim.store.addAccount('200002', 'second-account-key');
    const connected = ok(
      await as(stack, { token: fresh.admin }).put('/marketplace/ozon', {
        clientId: '200002',
        apiKey: 'second-account-key',
      }),
    );
    expect(connected).toMatchObject({ connected: true, status: 'unreachable' });
    expect(connected.lastError).toContain('Service unavailable');
  });

  it('lets only the seller admin connect or disconnect; bad bodies change nothing', async () => {
    expectProblem(
      await as(stack, { token: shop.agent }).put('/marketplace/ozon', { clientId: '1', apiKey: 'whatever-key' }),
      403,
      'forbidden',
    );
    expectProblem(await as(stack, { token: shop.warehouse }).get('/marketplace/ozon'), 403, 'forbidden');
    expectProblem(
      await as(stack, { token: shop.admin }).put('/marketplace/ozon', { clientId: 'abc', apiKey: 'x' }),
      400,
      'validation-failed',
    );
    expect(ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon')).clientId).toBe(DEMO_CLIENT_ID);

    const gone = await stack.http.delete('/api/v1/marketplace/ozon').set('Authorization', `Bearer ${shop.admin}`);
    expect(gone.status).toBe(204);
    expect(ok(await as(stack, { token: shop.agent }).get('/marketplace/ozon')).connected).toBe(false);
  });
});
