import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConcurrencyError } from './concurrency.error';

/** The columns an update may set, per entity: from TypeORM's metadata, worked out once. */
const updatable = new WeakMap<EntityMetadata, EntityMetadata['columns']>();

function updatableColumns(metadata: EntityMetadata): EntityMetadata['columns'] {
  let columns = updatable.get(metadata);
  if (!columns) {
    columns = metadata.columns.filter(
      (column) => column.isUpdate && !column.isPrimary && column.propertyName !== 'version',
    );
    updatable.set(metadata, columns);
  }
  return columns;
}

/**
 * Inserts a new aggregate (version 0 in the domain → 1 in the row) or updates it when its row still has
 * the version it was read with (optimistic locking). The update is one parameterised statement written from the
 * entity's metadata, values prepared as TypeORM prepares them (transformers, dates, booleans), without its query
 * builder: building the SQL through it was the worker's largest TypeORM cost (docs/benchmarks.md, 9).
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
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const { id, version } = row;
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const column of updatableColumns(metadata)) {
    const value = (row as Record<string, unknown>)[column.propertyName];
    if (value === undefined) continue;
    values.push(driver.preparePersistentValue(value, column));
    sets.push(`"${column.databaseName}" = $${values.length}`);
  }
  values.push(version + 1, id, version);
  const n = values.length;
  const [, affected] = await manager.query(
    `UPDATE "${metadata.tableName}" SET ${sets.join(', ')}, "version" = $${n - 2} WHERE "id" = $${n - 1} AND "version" = $${n}`,
    values,
  );
  if (affected !== 1) throw new ConcurrencyError(name, id);
}
