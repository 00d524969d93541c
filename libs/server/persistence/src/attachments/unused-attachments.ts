import { DataSource } from 'typeorm';

/**
 * One batch of uploads never attached to anything for longer than `hours`, their rows removed in one transaction;
 * returns their storage keys, for the caller to remove the bytes. Attached means named by a message, a parcel, a
 * return case (its evidence or its inspection's), or a command not yet processed (a return or a scan on its way).
 * Each names its uploads in lower case, as PostgreSQL writes a uuid (migration 1767560000000 rewrote the ones kept
 * otherwise); a command not yet processed is matched in any case, as one accepted before may name them otherwise.
 */
export function removeUnusedAttachmentRows(dataSource: DataSource, hours: number, batch: number): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const rows: { id: string; storage_key: string }[] = await manager.query(
      `SELECT a.id, a.storage_key FROM attachments a
        WHERE a.created_at < now() - make_interval(secs => $1::float8 * 3600)
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.attachment_ids ? a.id::text)
          AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.attachment_ids ? a.id::text)
          AND NOT EXISTS (SELECT 1 FROM return_cases r
                           WHERE r.snapshot->'attachmentIds' ? a.id::text
                              OR r.snapshot->'inspectionAttachmentIds' ? a.id::text)
          AND NOT EXISTS (SELECT 1 FROM commands c
                           WHERE c.state = 'accepted' AND strpos(lower(c.payload::text), a.id::text) > 0)
        ORDER BY a.created_at
        LIMIT $2
        FOR UPDATE OF a SKIP LOCKED`,
      [hours, batch],
    );
    if (rows.length === 0) return [];
    await manager.query(`DELETE FROM attachments WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
    return rows.map((row) => row.storage_key);
  });
}

/** The unused-uploads sweep's query, provided with `onDataSource`. */
export class UnusedAttachmentRows {
  constructor(private readonly dataSource: DataSource) {}

  /** One batch: the removed rows' storage keys (`removeUnusedAttachmentRows`). */
  remove(hours: number, batch: number): Promise<string[]> {
    return removeUnusedAttachmentRows(this.dataSource, hours, batch);
  }
}
