import { DataSource, EntityManager } from 'typeorm';
import type { ActorRef, SellerSettingsView } from '@aftersale/contracts';
import { SellerOrmEntity } from '../entities/seller.orm-entity';
import { SellerSettingsOrmEntity } from '../entities/seller-settings.orm-entity';
import { sellerSettingsView } from '../presenters/views';
import { prepared } from './prepared';

/**
 * A seller's configuration as the api reads and writes it, provided with `onDataSource`. Written directly (not a
 * domain transition) and audited by a trigger (migration 1764450000000-audit-evidence, docs/api.md "Audit"), which
 * reads the actor from the transaction's setting `aftersale.actor`.
 */
export class SellerSettingsStore {
  constructor(private readonly dataSource: DataSource) {}

  async view(sellerId: string): Promise<SellerSettingsView | null> {
    const settings = await this.dataSource.getRepository(SellerSettingsOrmEntity).findOneBy({ sellerId });
    const seller = await this.dataSource.getRepository(SellerOrmEntity).findOneBy({ id: sellerId });
    return settings && seller ? sellerSettingsView(settings, seller.name) : null;
  }

  /** Writes the named fields and moves the version on, in one transaction that names `actor` to the audit trigger. */
  async update(sellerId: string, changes: Record<string, unknown>, actor: ActorRef): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('aftersale.actor', $1, true)`, [JSON.stringify(actor)]);
      await manager
        .createQueryBuilder()
        .update(SellerSettingsOrmEntity)
        .set({ ...changes, version: () => 'version + 1' })
        .where('seller_id = :sellerId', { sellerId })
        .execute();
    });
  }
}

/**
 * A seller's settings row, in the caller's transaction (a command's defaults and deadlines): one prepared statement,
 * its numbers converted as the entity's transformers do, no entity (docs/benchmarks.md, 38).
 */
export async function sellerSettingsIn(
  manager: EntityManager,
  sellerId: string,
): Promise<SellerSettingsOrmEntity | null> {
  const [row] = await manager.query(
    prepared(`SELECT seller_id AS "sellerId", cancellation_deadline_hours AS "cancellationDeadlineHours",
       return_decision_deadline_hours AS "returnDecisionDeadlineHours", default_return_address AS "defaultReturnAddress",
       currency, return_ship_by_days AS "returnShipByDays", default_return_shipping_fee AS "defaultReturnShippingFee",
       updated_at AS "updatedAt", version
     FROM seller_settings WHERE seller_id = $1`),
    [sellerId],
  );
  if (!row) return null;
  return {
    ...row,
    cancellationDeadlineHours: Number(row.cancellationDeadlineHours),
    returnDecisionDeadlineHours: Number(row.returnDecisionDeadlineHours),
    defaultReturnShippingFee: Number(row.defaultReturnShippingFee),
  };
}
