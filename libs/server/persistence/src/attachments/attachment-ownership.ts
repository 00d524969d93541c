import { DataSource, EntityManager } from 'typeorm';
import { AttachmentOrmEntity } from '../entities/attachment.orm-entity';

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
type Queryable = { query(sql: string, parameters?: unknown[]): Promise<any> };

/** `TenantRecords.notSellerAttachments`, in the caller's transaction. */
export async function notSellerAttachments(db: Queryable, sellerId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM attachments WHERE id = ANY($1::uuid[]) AND seller_id = $2`,
    [ids, sellerId],
  );
  const found = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * An ops upload has no seller until ops uses it on a case: then the user's own unused uploads among `ids` become
 * the case seller's, so that the seller and its channel can open them too. In the caller's transaction.
 */
export async function adoptOpsUploads(db: Queryable, sellerId: string, ids: string[], userId: string): Promise<void> {
  await db.query(
    `UPDATE attachments SET seller_id = $1 WHERE id = ANY($2::uuid[]) AND seller_id IS NULL AND uploaded_by->>'kind' = 'user' AND uploaded_by->>'id' = $3`,
    [sellerId, ids, userId],
  );
}

/** The api's writes of upload rows, provided with `onDataSource` (the bytes are the storage adapter's). */
export class AttachmentRows {
  constructor(private readonly dataSource: DataSource) {}

  /** In `manager`'s transaction when given (the upload's command row is written in it too). */
  async insert(row: AttachmentOrmEntity, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).getRepository(AttachmentOrmEntity).insert(row);
  }
}
