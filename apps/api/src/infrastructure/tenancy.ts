import { EntityTarget, ObjectLiteral } from 'typeorm';
import { TenantRecords } from '@aftersale/server/persistence';
import { isUuid } from './problems/id.pipe';
import { notFound } from './problems/problem.exception';
import { Principal, tenantOf } from './auth/principal';

/** One record of the principal's tenant, or 404 — another seller's record does not exist for you. */
export async function findVisible<T extends ObjectLiteral>(
  records: TenantRecords,
  target: EntityTarget<T>,
  id: string,
  principal: Principal,
  what: string,
  relations: string[] = [],
): Promise<T> {
  if (!isUuid(id)) throw notFound(what);
  const row = await records.find(target, id.toLowerCase(), tenantOf(principal), relations);
  if (!row) throw notFound(what);
  return row;
}
