import { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isUuid } from './problems/id.pipe';
import { notFound } from './problems/problem.exception';
import { Principal } from './auth/principal';

/** Scopes a read to the principal's seller; ops reads across sellers. */
export function scoped<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  principal: Principal,
): SelectQueryBuilder<T> {
  if (principal.sellerId) qb.andWhere(`${qb.alias}.seller_id = :tenant`, { tenant: principal.sellerId });
  return qb;
}

/** One record of the principal's tenant, or 404 — another seller's record does not exist for you. */
export async function findVisible<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  id: string,
  principal: Principal,
  what: string,
  relations: string[] = [],
): Promise<T> {
  if (!isUuid(id)) throw notFound(what);
  const qb = dataSource.getRepository(target).createQueryBuilder('r').where('r.id = :id', { id: id.toLowerCase() });
  for (const relation of relations) qb.leftJoinAndSelect(`r.${relation}`, relation);
  const row = await scoped(qb, principal).getOne();
  if (!row) throw notFound(what);
  return row;
}
