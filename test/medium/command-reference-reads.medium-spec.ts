import {
  ReasonOrmEntity,
  reasonOfKind,
  SellerSettingsOrmEntity,
  sellerSettingsIn,
} from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

/**
 * What a command reads of the reason catalogue and of its seller's settings (docs/benchmarks.md, 38): one prepared
 * statement each, read as TypeORM's entities read them — the same fields, numbers as numbers.
 */
describe('a command’s reads of reasons and seller settings', () => {
  const worker = workerForThisFile();

  it('a seller’s settings read for a command are what the entity reads: the same fields, the deadlines and fee as numbers', async () => {
    await worker.dataSource.query(
      `UPDATE seller_settings SET cancellation_deadline_hours = 1.5, default_return_shipping_fee = 25000 WHERE seller_id = $1`,
      [worker.sellerId],
    );
    const read = await sellerSettingsIn(worker.dataSource.manager, worker.sellerId);
    const entity = await worker.dataSource
      .getRepository(SellerSettingsOrmEntity)
      .findOneBy({ sellerId: worker.sellerId });
    expect(read).toEqual({ ...entity });
    expect(read).toMatchObject({ cancellationDeadlineHours: 1.5, defaultReturnShippingFee: 25000 });
  });

  it('a seller without settings reads null', async () => {
    expect(await sellerSettingsIn(worker.dataSource.manager, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('a reason is read only as the kind the command asks for', async () => {
    const [{ id, kind }] = await worker.dataSource.query(`SELECT id, kind FROM reasons ORDER BY position LIMIT 1`);
    const read = await reasonOfKind(worker.dataSource.manager, id, kind);
    const entity = await worker.dataSource.getRepository(ReasonOrmEntity).findOneBy({ id, kind });
    expect(read).toEqual({ ...entity });
    const otherKind = kind === 'cancellation' ? 'return' : 'cancellation';
    expect(await reasonOfKind(worker.dataSource.manager, id, otherKind)).toBeNull();
  });
});
