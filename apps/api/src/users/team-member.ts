import { EntityManager } from 'typeorm';
import { UserOrmEntity } from '@aftersale/server/persistence';
import { Principal } from '../infrastructure/auth/principal';
import { isUuid } from '../infrastructure/problems/id.pipe';
import { notFound } from '../infrastructure/problems/problem.exception';

/** A user of the admin's own seller, row-locked for the change; anyone else's user does not exist (404). */
export async function lockTeamMember(manager: EntityManager, id: string, principal: Principal): Promise<UserOrmEntity> {
  if (!isUuid(id) || !principal.sellerId) throw notFound('user');
  const user = await manager
    .getRepository(UserOrmEntity)
    .createQueryBuilder('u')
    .setLock('pessimistic_write')
    .where('u.id = :id AND u.seller_id = :sellerId', { id: id.toLowerCase(), sellerId: principal.sellerId })
    .getOne();
  if (!user) throw notFound('user');
  return user;
}
