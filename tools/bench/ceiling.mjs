// The machine's ceiling for one command (issue 10): (a) PostgreSQL running the statements one command needs,
// alone; (b) BullMQ request-reply with a no-op processor (add, then wait for the result through QueueEvents);
// both at the bench's concurrency. A pipeline of the two cannot beat 1/(1/X + 1/Y).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { v7 as newId } from 'uuid';
import { join } from 'node:path';
import { summary } from './measure.mjs';

/** What `once` returns when it has nothing left to run (its seeded rows used up): its loop ends there. */
export const USED_UP = Symbol('used up');

/**
 * Runs `clients` loops of `once(client)` for `seconds`, or until `once` returns USED_UP; returns { perSecond,
 * latency }, and `usedUp` when the loops ran out of work before the time (the rate is then over the time they ran).
 */
export async function closedLoop(clients, seconds, once) {
  const latencies = [];
  const end = Date.now() + seconds * 1000;
  let errors = 0;
  let usedUp = false;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        try {
          if ((await once(client)) === USED_UP) {
            usedUp = true;
            return;
          }
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (error) {
          errors++;
          if (errors < 3) console.error(`  ceiling loop error: ${error?.message ?? error}`);
        }
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    perSecond: Math.round(latencies.length / wall),
    errors,
    latency: summary(latencies),
    ...(usedUp ? { usedUp } : {}),
  };
}

/**
 * (a) the command row inserted (as the api does), then one transaction as the worker's: the command row locked,
 * a versioned update of the aggregate, an audit row, an outbox row, the outcome written. Each client updates an
 * order of its own, so no lock waits. The outbox row is written published, as the worker writes the events it
 * publishes itself (docs/benchmarks.md, 32 and 43): such a row does not fire the relay's NOTIFY, whose commits
 * PostgreSQL takes one at a time (section 24), so the ceiling pays no cost that the command path no longer pays.
 * The rows are marked processed afterwards, so that no recovery sweep takes them up. The rows' ids are made as the
 * apps make them, time-ordered (docs/architecture.md "Ids"); the idempotency key is a client's, random.
 */
export async function postgresCeiling({ pool, sellerId, clients, seconds }) {
  const orders = [];
  for (let i = 0; i < clients; i++) {
    const id = newId();
    await pool.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       VALUES ($1, $2, $3, 'pending', 'Ceiling', 1000, 'RUB', now(), now())`,
      [id, sellerId, `CEILING-${id}`],
    );
    orders.push({ id, version: 1 });
  }
  const actor = JSON.stringify({ type: 'user', id: sellerId, role: 'seller_agent' });
  const result = await closedLoop(clients, seconds, async (client) => {
    const order = orders[client];
    const commandId = newId();
    await pool.query(
      `INSERT INTO commands (id, type, principal, seller_id, actor, request_key, idempotency_key, body_hash, payload)
       VALUES ($1, 'BenchCeiling', $2, $3, $4, 'POST /bench', $5, 'h', $6)`,
      [commandId, `user:${sellerId}`, sellerId, actor, randomUUID(), JSON.stringify({ orderId: order.id })], // the client's key
    );
    const connection = await pool.connect();
    try {
      await connection.query('BEGIN');
      await connection.query(`SELECT * FROM commands WHERE id = $1 FOR UPDATE`, [commandId]);
      const updated = await connection.query(
        `UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
        [order.id, order.version],
      );
      if (updated.rowCount !== 1) throw new Error('ceiling: lost a version race');
      await connection.query(
        `INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, actor, at, data)
         VALUES ($1, $2, 'order', $3, $3, 'BenchCeiling', $4, now(), '{}')`,
        [newId(), sellerId, order.id, actor],
      );
      await connection.query(
        `INSERT INTO outbox (id, type, seller_id, aggregate_type, aggregate_id, payload, published_at)
         VALUES ($1, 'BenchCeiling', $2, 'order', $3, '{}', now())`,
        [newId(), sellerId, order.id],
      );
      await connection.query(
        `UPDATE commands SET state = 'succeeded', completed_at = now(), resource_id = $2, result = '{}' WHERE id = $1`,
        [commandId, order.id],
      );
      await connection.query('COMMIT');
      order.version++;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  });
  await pool.query(
    `UPDATE outbox SET published_at = now(), processed_at = now() WHERE type = 'BenchCeiling' AND processed_at IS NULL`,
  );
  return result;
}

/** (b) BullMQ request-reply: add a job, wait for its completion through one QueueEvents (as the api waits). */
export async function bullmqCeiling({ redisPort, prefix, clients, seconds }) {
  const { Queue, QueueEvents } = await import('bullmq');
  const connection = { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null };
  const name = 'bench-ceiling';
  const child = fork(join(import.meta.dirname, 'noop-worker.mjs'), [redisPort, prefix, name, clients], {
    stdio: 'inherit',
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`no-op worker exited (${code})`)));
  });
  const queue = new Queue(name, { connection, prefix });
  const events = new QueueEvents(name, { connection, prefix });
  await events.waitUntilReady();
  const waiters = new Map();
  events.on('completed', ({ jobId }) => waiters.get(jobId)?.());
  const pid = child.pid;
  // QueueEvents reads from "now" once its first XREAD is issued, a moment after it is ready: probe until an
  // event arrives, so that no measured job's completion is missed
  for (let i = 0; ; i++) {
    const jobId = `ceiling-probe-${i}`;
    const seen = new Promise((resolve) => waiters.set(jobId, () => resolve(true)));
    await queue.add('noop', {}, { jobId });
    if (await Promise.race([seen, new Promise((resolve) => setTimeout(() => resolve(false), 500))])) break;
  }
  try {
    const result = await closedLoop(clients, seconds, async () => {
      const jobId = `ceiling-${randomUUID()}`;
      let timer;
      const done = new Promise((resolve, reject) => {
        waiters.set(jobId, resolve);
        timer = setTimeout(() => reject(new Error(`no completion event for ${jobId} within 10 s`)), 10000);
      });
      try {
        await queue.add('noop', { commandId: jobId }, { jobId, removeOnComplete: { count: 5000 }, attempts: 8 });
        await done;
      } finally {
        clearTimeout(timer);
        waiters.delete(jobId);
      }
    });
    return { ...result, workerPid: pid };
  } finally {
    child.kill('SIGTERM');
    await events.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

export function pipelineCeiling(x, y) {
  return Math.round(1 / (1 / x + 1 / y));
}
