import { validationFailed } from '../infrastructure/problems/problem.exception';

/** Evidence must be the case seller's own uploads: anything else is a 400 and nothing is written. */
export async function assertSellerAttachments(
  db: { query(sql: string, params: unknown[]): Promise<any> },
  sellerId: string,
  ids: readonly string[] | undefined,
): Promise<void> {
  const wanted = [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return;
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM attachments WHERE id = ANY($1::uuid[]) AND seller_id = $2`,
    [wanted, sellerId],
  );
  const found = new Set(rows.map((row) => row.id));
  const unknown = wanted.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw validationFailed(
      unknown.map((id) => ({ field: 'attachmentIds', message: `${id} is not an attachment of this seller` })),
    );
  }
}

/** A record command's check (CommandTarget): the attachments the body names are the record's seller's own uploads. */
export function attachmentsOfRecordSeller(
  db: { query(sql: string, params: unknown[]): Promise<any> },
  record: { sellerId: string },
  body: Record<string, unknown>,
): Promise<void> {
  return assertSellerAttachments(db, record.sellerId, body.attachmentIds as string[] | undefined);
}
