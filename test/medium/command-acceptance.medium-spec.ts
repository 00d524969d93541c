import { randomUUID } from 'node:crypto';
import { JobName } from '@aftersale/contracts';
import { insertAcceptedCommandAbout } from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

/**
 * The api records a command about a record in the statement that looks the record up (docs/benchmarks.md, 34):
 * tenancy holds in that one statement — another seller's record does not exist, and nothing is written.
 */
describe('a command about a record is recorded with its lookup (insertAcceptedCommandAbout)', () => {
  const worker = workerForThisFile();

  const command = (idempotencyKey: string | null = null) => ({
    id: randomUUID(),
    type: JobName.ApproveCancellation,
    principal: `user:${randomUUID()}`,
    actor: { kind: 'user', id: randomUUID(), name: 'Alice' },
    requestKey: `POST /cancellations/${randomUUID()}/approve`,
    idempotencyKey,
    bodyHash: 'medium',
    payload: {},
    resourceType: 'cancellation',
    successStatus: 200,
    correlationId: null,
  });
  const commandRow = async (id: string) =>
    (await worker.dataSource.query(`SELECT seller_id, resource_id, state FROM commands WHERE id = $1`, [id]))[0] as
      { seller_id: string; resource_id: string; state: string } | undefined;

  it('records the command for the record’s seller, about the record, when the sender’s tenant has it', async () => {
    const { cancellationId } = await worker.openCancellation();
    const accepted = command();
    const record = { table: 'cancellation_requests', id: cancellationId, tenant: worker.sellerId };
    expect(await insertAcceptedCommandAbout(worker.dataSource, accepted, record)).toBe('inserted');
    expect(await commandRow(accepted.id)).toEqual({
      seller_id: worker.sellerId,
      resource_id: cancellationId,
      state: 'accepted',
    });
  });

  it('another seller’s record, or no record, is not found and nothing is written', async () => {
    const { cancellationId } = await worker.openCancellation();
    const otherSeller = await worker.seller();
    for (const record of [
      { table: 'cancellation_requests', id: cancellationId, tenant: otherSeller },
      { table: 'cancellation_requests', id: randomUUID(), tenant: worker.sellerId },
    ]) {
      const accepted = command();
      expect(await insertAcceptedCommandAbout(worker.dataSource, accepted, record)).toBe('not-found');
      expect(await commandRow(accepted.id)).toBeUndefined();
    }
  });

  it('a sender of every tenant (ops) records it for the record’s own seller', async () => {
    const { cancellationId } = await worker.openCancellation();
    const accepted = command();
    const record = { table: 'cancellation_requests', id: cancellationId, tenant: null };
    expect(await insertAcceptedCommandAbout(worker.dataSource, accepted, record)).toBe('inserted');
    expect((await commandRow(accepted.id))?.seller_id).toBe(worker.sellerId);
  });

  it('an Idempotency-Key that names a command already is taken, and the second command is not written', async () => {
    const { cancellationId } = await worker.openCancellation();
    const record = { table: 'cancellation_requests', id: cancellationId, tenant: worker.sellerId };
    const first = command(`key-${randomUUID()}`);
    const second = { ...command(first.idempotencyKey), principal: first.principal, requestKey: first.requestKey };
    expect(await insertAcceptedCommandAbout(worker.dataSource, first, record)).toBe('inserted');
    expect(await insertAcceptedCommandAbout(worker.dataSource, second, record)).toBe('taken');
    expect(await commandRow(second.id)).toBeUndefined();
  });
});
