import { TenantRecords } from '@aftersale/server/persistence';
import { validationFailed } from '../infrastructure/problems/problem.exception';

/** The ids a body names, lower case and each once. */
export const attachmentIdsOf = (ids: readonly string[] | undefined): string[] => [
  ...new Set((ids ?? []).map((id) => id.toLowerCase())),
];

/** Evidence must be the case seller's own uploads: anything else is a 400 and nothing is written. */
export function refuseForeignAttachments(unknown: string[]): void {
  if (unknown.length > 0) {
    throw validationFailed(
      unknown.map((id) => ({ field: 'attachmentIds', message: `${id} is not an attachment of this seller` })),
    );
  }
}

export async function assertSellerAttachments(
  records: TenantRecords,
  sellerId: string,
  ids: readonly string[] | undefined,
): Promise<void> {
  refuseForeignAttachments(await records.notSellerAttachments(sellerId, attachmentIdsOf(ids)));
}

/** A record command's check (CommandTarget): the attachments the body names are the record's seller's own uploads. */
export function attachmentsOfRecordSeller(
  records: TenantRecords,
  record: { sellerId: string },
  body: Record<string, unknown>,
): Promise<void> {
  return assertSellerAttachments(records, record.sellerId, body.attachmentIds as string[] | undefined);
}
