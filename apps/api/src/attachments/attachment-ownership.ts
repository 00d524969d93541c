import { uploadIds } from '@aftersale/domain';
import { TenantRecords } from '@aftersale/server/persistence';
import { validationFailed } from '../infrastructure/problems/problem.exception';

/**
 * Evidence must be the case seller's own uploads: anything else is a 400 and nothing is written. `fieldOf` names
 * the field that holds an id (`attachmentIds` unless told).
 */
export function refuseForeignAttachments(
  unknown: string[],
  fieldOf: (id: string) => string = () => 'attachmentIds',
): void {
  if (unknown.length > 0) {
    throw validationFailed(
      unknown.map((id) => ({ field: fieldOf(id), message: `${id} is not an attachment of this seller` })),
    );
  }
}

export async function assertSellerAttachments(
  records: TenantRecords,
  sellerId: string,
  ids: readonly string[] | undefined,
): Promise<void> {
  refuseForeignAttachments(await records.notSellerAttachments(sellerId, uploadIds(ids)));
}

/**
 * A record command's check (CommandTarget): the attachments the body names are the record's seller's own uploads —
 * the body's `attachmentIds` and its lines' (an inspection's photos of a line).
 */
export async function attachmentsOfRecordSeller(
  records: TenantRecords,
  record: { sellerId: string },
  body: Record<string, unknown>,
): Promise<void> {
  const fields = new Map<string, string>();
  const lines = Array.isArray(body.lines) ? (body.lines as { attachmentIds?: string[] }[]) : [];
  lines.forEach((line, i) =>
    uploadIds(line.attachmentIds).forEach((id) => fields.set(id, `lines[${i}].attachmentIds`)),
  );
  uploadIds(body.attachmentIds as string[] | undefined).forEach((id) => fields.set(id, 'attachmentIds'));
  const unknown = await records.notSellerAttachments(record.sellerId, [...fields.keys()]);
  refuseForeignAttachments(unknown, (id) => fields.get(id) ?? 'attachmentIds');
}
