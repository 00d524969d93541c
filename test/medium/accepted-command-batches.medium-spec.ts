import { randomUUID } from 'node:crypto';
import { JobName } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';
import { AcceptedCommand, AcceptedCommandRows, AcceptedInsert } from '@aftersale/server/persistence';
import { AcceptedCommands } from '../../apps/api/src/infrastructure/commands/accepted-commands';
import { ApiMetrics } from '../../apps/api/src/ops/metrics/api-metrics';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The api records the commands that arrive while a batch of them is being written together, in the next one's
 * transaction (docs/architecture.md#command-batches, API_COMMAND_BATCH_SIZE 16 by default): each command keeps the
 * outcome its statement has alone, and a batch that fails is written again one command at a time.
 */
describe('accepted commands are recorded in batches (docs/architecture.md#command-batches)', () => {
  const worker = workerForThisFile();

  /** AcceptedCommands on the file's (pipelining) pool, and the batches it wrote and wrote again. */
  function acceptedCommands(batchSize = 16) {
    const seen = { sizes: [] as number[], replayed: 0 };
    const metrics = {
      acceptedBatchSize: { observe: (size: number) => seen.sizes.push(size) },
      acceptedBatchesReplayed: { inc: () => seen.replayed++ },
    } as unknown as ApiMetrics;
    const config = { apiCommandBatchSize: batchSize, apiCommandBatchHoldMs: 50 } as ServerConfig;
    return { accepted: new AcceptedCommands(new AcceptedCommandRows(worker.dataSource), config, metrics), seen };
  }

  /** An approval of the cancellation, sent by the file's seller's user under `idempotencyKey`. */
  const approval = (cancellationId: string, idempotencyKey: string | null = null): AcceptedCommand => ({
    id: randomUUID(),
    type: JobName.ApproveCancellation,
    principal: `user:medium-${worker.sellerId}`,
    sellerId: null,
    actor: { kind: 'user', id: randomUUID(), name: 'Alice' },
    requestKey: `POST /cancellations/${cancellationId}/approve`,
    idempotencyKey,
    bodyHash: 'medium',
    payload: { cancellationId },
    resourceType: 'cancellation',
    resourceId: null,
    successStatus: 200,
    correlationId: null,
  });
  const about = (cancellationId: string, tenant: string | null = worker.sellerId): AcceptedInsert['record'] => ({
    table: 'cancellation_requests',
    id: cancellationId,
    tenant,
  });

  /** The transaction that wrote each command's row (PostgreSQL's xmin), undefined where none was written. */
  const writtenBy = async (...commands: AcceptedCommand[]) => {
    const rows: { id: string; tx: string }[] = await worker.dataSource.query(
      `SELECT id, xmin::text AS tx FROM commands WHERE id = ANY($1)`,
      [commands.map((command) => command.id)],
    );
    return commands.map((command) => rows.find((row) => row.id === command.id)?.tx);
  };

  it('commands sent while one is written share the next transaction, each with the outcome it has alone', async () => {
    const [a, b, c] = [
      await worker.openCancellation(),
      await worker.openCancellation(),
      await worker.openCancellation(),
    ];
    const otherSeller = await worker.seller();
    const { accepted, seen } = acceptedCommands();
    const first = approval(a.cancellationId);
    const second = approval(b.cancellationId, `key-${randomUUID()}`);
    const third = approval(c.cancellationId);
    const sameKey = { ...approval(b.cancellationId, second.idempotencyKey), requestKey: second.requestKey };
    const othersRecord = approval(a.cancellationId);

    const outcomes = await Promise.all([
      accepted.record({ command: first, record: about(a.cancellationId) }),
      accepted.record({ command: second, record: about(b.cancellationId) }),
      accepted.record({ command: third, record: about(c.cancellationId) }),
      accepted.record({ command: sameKey, record: about(b.cancellationId) }),
      accepted.record({ command: othersRecord, record: about(a.cancellationId, otherSeller) }),
    ]);

    expect(outcomes).toEqual(['inserted', 'inserted', 'inserted', 'taken', 'not-found']);
    // the first found no batch running and went alone; the four sent meanwhile went together
    expect(seen.sizes).toEqual([1, 4]);
    const [firstTx, secondTx, thirdTx, sameKeyTx, othersTx] = await writtenBy(
      first,
      second,
      third,
      sameKey,
      othersRecord,
    );
    expect(secondTx).toBe(thirdTx);
    expect(firstTx).not.toBe(secondTx);
    expect([sameKeyTx, othersTx]).toEqual([undefined, undefined]);
    const [row] = await worker.dataSource.query(`SELECT seller_id, resource_id, state FROM commands WHERE id = $1`, [
      second.id,
    ]);
    expect(row).toEqual({ seller_id: worker.sellerId, resource_id: b.cancellationId, state: 'accepted' });
  });

  it('a batch that fails is written again one command at a time: the others are recorded, the failure is its own', async () => {
    const [a, b] = [await worker.openCancellation(), await worker.openCancellation()];
    const { accepted, seen } = acceptedCommands();
    const first = approval(a.cancellationId);
    const fine = approval(b.cancellationId);
    // a record id PostgreSQL refuses as a uuid: the api never sends one (it answers 404 first), so the statement fails
    const failing = approval(b.cancellationId);

    const [firstOutcome, fineOutcome, failingOutcome] = await Promise.allSettled([
      accepted.record({ command: first, record: about(a.cancellationId) }),
      accepted.record({ command: fine, record: about(b.cancellationId) }),
      accepted.record({ command: failing, record: about('not-a-uuid') }),
    ]);

    expect(firstOutcome).toEqual({ status: 'fulfilled', value: 'inserted' });
    expect(fineOutcome).toEqual({ status: 'fulfilled', value: 'inserted' });
    expect(failingOutcome.status).toBe('rejected');
    expect(String((failingOutcome as PromiseRejectedResult).reason)).toMatch(/uuid/);
    expect(seen).toEqual({ sizes: [1, 2], replayed: 1 });
    const [firstTx, fineTx, failingTx] = await writtenBy(first, fine, failing);
    expect(fineTx).toBeDefined();
    expect(fineTx).not.toBe(firstTx);
    expect(failingTx).toBeUndefined();
  });

  it('API_COMMAND_BATCH_SIZE=1 records every command in a transaction of its own', async () => {
    const [a, b] = [await worker.openCancellation(), await worker.openCancellation()];
    const { accepted, seen } = acceptedCommands(1);
    const commands = [approval(a.cancellationId), approval(b.cancellationId), approval(b.cancellationId)];
    await Promise.all(
      commands.map((command, i) => accepted.record({ command, record: about([a, b, b][i].cancellationId) })),
    );
    expect(new Set(await writtenBy(...commands)).size).toBe(3);
    expect(seen.sizes).toEqual([]);
  });
});
