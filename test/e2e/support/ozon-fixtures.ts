import { randomBytes, randomInt } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { QueueName } from '@aftersale/contracts';
import { OzonSimulator } from '../../../apps/ozon-sim/src/ozon-simulator';
import { DEMO_CLIENT_ID } from '../../../apps/ozon-sim/src/sim-scenarios';
import { OzonImport } from '../../../apps/worker/src/marketplace/import-ozon/ozon-import.service';
import { OzonPush } from '../../../apps/worker/src/marketplace/push-ozon/ozon-push.service';
import { QueueWorkers } from '../../../apps/worker/src/infrastructure/queue-workers.service';
import { as, createTenant, eventually, ok, TenantFixture } from './fixtures';
import { startStack, Stack } from './stack';

/** One Ozon suite's world: the simulator, the stack pointed at it, a shop with its Ozon account connected. */
export interface OzonSuite {
  stack: Stack;
  sim: OzonSimulator;
  shop: TenantFixture;
  worker: INestApplicationContext;
  clientId: string;
  apiKey: string;
  /** the simulator's side of the shop's account */
  account(): ReturnType<OzonSimulator['store']['account']>;
  /** one run of the shop's import, as its job scheduler would run it */
  sync(): ReturnType<OzonImport['syncSeller']>;
  /** one scan for decisions waiting for Ozon, as the worker's loop does every few seconds */
  scan(): Promise<number>;
  /** until the worker's marketplace queue has no job waiting, delayed or running: what a scan or sync enqueued is done */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The simulator's demo scenario under a Client-Id of the suite's own (so a suite never meets another suite's
 * connection), listening on a free port; OZON_API_URL points the next stack at it, with a fresh
 * MARKETPLACE_SECRET_KEY.
 */
export async function startSimulatorFor(
  clientId: string,
  apiKey: string,
  options: { validateResponses?: boolean } = {},
): Promise<OzonSimulator> {
  const sim = new OzonSimulator({ scenario: 'demo', ...options });
  const demo = sim.store.account(DEMO_CLIENT_ID);
  sim.store.accounts.delete(DEMO_CLIENT_ID);
  Object.assign(demo, { clientId, apiKey });
  sim.store.accounts.set(clientId, demo);
  process.env.OZON_API_URL = `http://127.0.0.1:${await sim.listen(0)}`;
  process.env.MARKETPLACE_SECRET_KEY = randomBytes(32).toString('base64');
  return sim;
}

/**
 * Starts the simulator's demo scenario under a Client-Id of the suite's own (so a suite never meets another
 * suite's connection), the stack with OZON_API_URL at the simulator and a fresh MARKETPLACE_SECRET_KEY, and a shop
 * whose admin connected that account through the api (docs/ozon.md).
 */
export async function startOzonSuite(apiKey: string, options: { connect?: boolean } = {}): Promise<OzonSuite> {
  const clientId = String(randomInt(500_000, 900_000));
  const sim = await startSimulatorFor(clientId, apiKey, { validateResponses: true });
  const stack = await startStack();
  const worker = stack.worker!;
  const shop = await createTenant(stack);
  if (options.connect ?? true)
    ok(await as(stack, { token: shop.admin }).put('/marketplace/ozon', { clientId, apiKey }));
  return {
    stack,
    sim,
    shop,
    worker,
    clientId,
    apiKey,
    account: () => sim.store.account(clientId),
    sync: () => worker.get(OzonImport, { strict: false }).syncSeller(shop.sellerId),
    scan: () => worker.get(OzonPush, { strict: false }).scan(),
    settled: async () => {
      const queue = worker.get(QueueWorkers, { strict: false }).queue(QueueName.Marketplace);
      await eventually(async () => {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active');
        return Object.values(counts).every((count) => count === 0);
      }, 20_000);
    },
    close: async () => {
      await stack.close();
      await sim.close();
    },
  };
}
