import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConcurrencyError } from './concurrency.error';
import { correlationOfBatched, CORRELATED_TABLES, write } from './deferred-writes';

/** The columns an update may set, per entity: from TypeORM's metadata, worked out once. */
const updatable = new WeakMap<EntityMetadata, EntityMetadata['columns']>();
/** The columns an insert writes, per entity, and whether a batched command's insert adds its correlation id. */
const insertable = new WeakMap<EntityMetadata, { columns: EntityMetadata['columns']; addsCorrelation: boolean }>();
/** The version each aggregate's row was last written with, per transaction (`versionWritten`). */
const written = new WeakMap<EntityManager, Map<string, number>>();

/**
 * The version `writeVersioned` last gave the aggregate's row in this transaction (its `name` and id), or undefined
 * if it wrote none: what the row holds once the transaction commits, though the aggregate in memory still has the
 * version it was read with.
 */
export function versionWritten(manager: EntityManager, name: string, id: string): number | undefined {
  return written.get(manager)?.get(`${name}:${id}`);
}

/** Noted in a transaction only, whose manager goes with it: a long-lived manager's map would only grow. */
function noteWritten(manager: EntityManager, name: string, id: string, version: number): void {
  if (!manager.queryRunner?.isTransactionActive) return;
  let versions = written.get(manager);
  if (!versions) written.set(manager, (versions = new Map()));
  versions.set(`${name}:${id}`, version);
}

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

function insertOf(metadata: EntityMetadata): { columns: EntityMetadata['columns']; addsCorrelation: boolean } {
  let insert = insertable.get(metadata);
  if (!insert) {
    const columns = metadata.columns.filter((column) => column.isInsert && !column.isVirtual);
    insert = {
      columns,
      // a table whose `correlation_id` defaults to the transaction's setting, and an entity that does not map the
      // column (one that does gives its own value)
      addsCorrelation:
        CORRELATED_TABLES.has(metadata.tableName) &&
        !columns.some((column) => column.databaseName === 'correlation_id'),
    };
    insertable.set(metadata, insert);
  }
  return insert;
}

/**
 * A new row of an entity without relations (its columns from the metadata, values prepared by the driver as
 * TypeORM's insert prepares them; a column left undefined takes its default, as TypeORM's DEFAULT does), as a
 * prepared statement (docs/benchmarks.md, 15). A batched command's row names its correlation id (`correlationOfBatched`).
 */
async function insertRow(
  manager: EntityManager,
  metadata: EntityMetadata,
  row: Record<string, unknown> & { id: string },
): Promise<void> {
  const driver = manager.connection.driver;
  const names: string[] = [];
  const values: unknown[] = [];
  const { columns, addsCorrelation } = insertOf(metadata);
  for (const column of columns) {
    const value = row[column.propertyName];
    if (value === undefined) continue;
    values.push(driver.preparePersistentValue(value, column));
    names.push(`"${column.databaseName}"`);
  }
  const batched = addsCorrelation ? correlationOfBatched() : undefined;
  if (batched) {
    values.push(batched.correlationId);
    names.push('"correlation_id"');
  }
  await write(manager, {
    table: metadata.tableName,
    row: `${metadata.tableName}:${row.id}`,
    text: `INSERT INTO "${metadata.tableName}" (${names.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  });
}

/**
 * Inserts a new aggregate (version 0 in the domain → 1 in the row) or updates it when its row still has
 * the version it was read with (optimistic locking). The update is one parameterised statement written from the
 * entity's metadata, values prepared as TypeORM prepares them (transformers, dates, booleans), without its query
 * builder: building the SQL through it was the worker's largest TypeORM cost (docs/benchmarks.md, 9). The insert
 * is written the same way; both are prepared statements (docs/benchmarks.md, 15). In a transaction that defers its
 * writes, both are queued and sent with the transaction's other writes in one statement, the update's one row
 * checked there (docs/benchmarks.md, 22).
 */
export async function writeVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  name: string,
  row: { id: string; version: number },
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  noteWritten(manager, name, row.id, row.version + 1);
  if (row.version === 0) {
    await insertRow(manager, metadata, { ...row, version: 1 });
    return;
  }
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
  await write(manager, {
    table: metadata.tableName,
    row: `${metadata.tableName}:${id}`,
    text: `UPDATE "${metadata.tableName}" SET ${sets.join(', ')}, "version" = $${n - 2} WHERE "id" = $${n - 1} AND "version" = $${n}`,
    values,
    expect: { rows: 1, mismatch: () => new ConcurrencyError(name, id) },
  });
}
