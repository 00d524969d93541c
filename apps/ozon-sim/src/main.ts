import { OzonSimulator } from './ozon-simulator';

/**
 * The Ozon simulator as a process: `npm run demo` starts it on OZON_SIM_PORT (3100). It refuses to run with
 * NODE_ENV=production — it holds fake accounts and answers anything on loopback (docs/ozon.md#the-simulator).
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    console.error('ozon-sim: the Ozon simulator is for the demo and tests; it does not run with NODE_ENV=production.');
    process.exit(1);
  }
  const port = Number(process.env.OZON_SIM_PORT ?? 3100);
  const sim = new OzonSimulator({ scenario: process.env.OZON_SIM_SCENARIO === 'empty' ? 'empty' : 'demo' });
  const bound = await sim.listen(port, process.env.OZON_SIM_HOST ?? '127.0.0.1');
  console.log(`Ozon simulator on http://127.0.0.1:${bound} (Client-Id 100001, Api-Key demo-ozon-api-key)`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
