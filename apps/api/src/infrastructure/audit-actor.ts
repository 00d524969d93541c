import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from './auth/principal';

/**
 * Runs `work` in a transaction that names the principal as the actor of whatever database triggers audit
 * in it (seller settings: migration 1764450000000-audit-evidence, docs/api.md "Audit").
 */
export function withAuditActor<T>(
  dataSource: DataSource,
  principal: Principal,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('aftersale.actor', $1, true)`, [JSON.stringify(actorOf(principal))]);
    return work(manager);
  });
}
