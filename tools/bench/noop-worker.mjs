// The BullMQ half of the ceiling: a worker whose processor does nothing, in a process of its own (as the real
// worker is). argv: redis port, prefix, queue, concurrency.
import { Worker } from 'bullmq';

const [port, prefix, queue, concurrency] = process.argv.slice(2);
const worker = new Worker(queue, async () => null, {
  connection: { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null },
  prefix,
  concurrency: Number(concurrency),
});
worker.on('error', () => undefined);
await worker.waitUntilReady();
process.send?.('ready');
process.on('SIGTERM', () => worker.close().then(() => process.exit(0)));
