import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConcurrencyError } from './concurrency.error';

/**
 * Inserts a new aggregate (version 0 in the domain → 1 in the row) or updates it when its row still has
 * the version it was read with (optimistic locking).
 */
export async function writeVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  name: string,
  row: { id: string; version: number },
): Promise<void> {
  if (row.version === 0) {
    await manager.insert(target, { ...row, version: 1 } as never);
    return;
  }
  const { id, version, ...changes } = row;
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...(changes as object), version: version + 1 } as never)
    .where('id = :id AND version = :version', { id, version })
    .execute();
  if (result.affected !== 1) throw new ConcurrencyError(name, id);
}
