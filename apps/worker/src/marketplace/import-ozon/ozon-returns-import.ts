import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { returnableOrder, ReturnCase } from '@aftersale/domain';
import { OzonRfbsReturn } from '@aftersale/server/ozon';
import { insertImportedAttachment } from '@aftersale/server/persistence';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { lockOrder } from '../../orders/order-loading';
import { reasonOf, settingsOf } from '../../sellers/seller-references';
import { saveReturn } from '../../returns/return-case-loading';
import { findLink, saveLink } from '../marketplace-links';
import { OzonAccount } from '../ozon-accounts.service';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { ozonChannelActor } from '../ozon-mapping';

const PAGE = 100;
/** a buyer's photo larger than this is not copied (Ozon's are a few hundred kB) */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Ozon's rFBS return reasons → our return reasons (docs/ozon.md#import); others by `is_defect`. */
const RETURN_REASONS: Record<number, string> = { 11: 'wrong-model', 12: 'return-changed-mind', 21: 'faulty' };

interface Photo {
  id: string;
  key: string;
  fileName: string;
  contentType: string;
  size: number;
}

/**
 * rFBS returns → return cases (docs/ozon.md#import): a return Ozon shows in group `New` opens a return case on the
 * posting's order, the buyer's photos copied as its attachments, a defect (`is_defect`) with photos as a defect
 * claim. The link keeps Ozon's `group_state`; later group states are not reconciled yet.
 */
@Injectable()
export class OzonReturnsImport {
  private readonly logger = new Logger(OzonReturnsImport.name);

  constructor(private readonly runtime: MarketplaceRuntime) {}

  /** Each return one transaction, through `apply` (which reports a rule's refusal and goes on). */
  async importReturns(
    account: OzonAccount,
    apply: (what: string, work: (tx: TransactionContext) => Promise<boolean>) => Promise<boolean>,
  ): Promise<number> {
    let imported = 0;
    let lastId = 0;
    for (;;) {
      const answer = await account.client.call('/v2/returns/rfbs/list', {
        filter: { group_state: ['New'] },
        last_id: lastId,
        limit: PAGE,
      });
      const rows = answer.returns ?? [];
      for (const summary of rows) {
        const returnId = String(summary.return_id);
        if (await this.known(account, returnId)) continue;
        const detail = (await account.client.call('/v2/returns/rfbs/get', { return_id: summary.return_id! })).returns;
        if (!detail) continue;
        const photos = await this.copyPhotos(account, returnId, detail);
        if (await apply(`return ${returnId}`, (tx) => this.open(tx, account, returnId, detail, photos))) imported += 1;
        else await this.forget(photos);
      }
      if (rows.length < PAGE) return imported;
      lastId = Number(rows[rows.length - 1].return_id);
    }
  }

  private async known(account: OzonAccount, returnId: string): Promise<boolean> {
    const rows = await this.runtime
      .execution()
      .runSystem((tx) => findLink(tx.manager, account.sellerId, 'return', returnId));
    return rows !== null;
  }

  private async open(
    tx: TransactionContext,
    account: OzonAccount,
    returnId: string,
    detail: OzonRfbsReturn,
    photos: Photo[],
  ): Promise<boolean> {
    const { sellerId } = account;
    if (await findLink(tx.manager, sellerId, 'return', returnId)) return false;
    const postingLink = await findLink(tx.manager, sellerId, 'posting', detail.posting_number ?? '');
    if (!postingLink) return false; // its posting comes first; the next run takes the return
    const order = await lockOrder(tx, postingLink.localId, sellerId);
    const ozonReason = detail.return_reason;
    const isDefect = Boolean(ozonReason?.is_defect);
    const reason = await reasonOf(
      tx,
      RETURN_REASONS[ozonReason?.id ?? 0] ?? (isDefect ? 'faulty' : 'return-other'),
      'return',
    );
    const settings = await settingsOf(tx, sellerId);
    const at = new Date();
    const actor = ozonChannelActor(sellerId);
    for (const photo of photos) {
      await insertImportedAttachment(tx.manager, {
        id: photo.id,
        sellerId,
        fileName: photo.fileName,
        contentType: photo.contentType,
        size: photo.size,
        storageKey: photo.key,
        uploadedBy: actor,
        at,
      });
    }
    const alreadyReturned = (await tx.returns.findByOrder(order.id))
      .filter((c) => c.holdsUnitsAt(at))
      .flatMap((c) => c.lines);
    const sku = order.lines.find((line) => line.sku === detail.product?.offer_id)?.sku ?? order.lines[0].sku;
    const { returnCase, events } = ReturnCase.open(
      {
        id: randomUUID(),
        order: returnableOrder(order),
        type: isDefect && photos.length > 0 ? 'defect_claim' : 'buyer_return',
        lines: [{ sku, quantity: 1 }],
        reasonId: reason.id,
        reason,
        comment: detail.comment || (reason.isCommentRequired ? ozonReason?.name : null) || null,
        attachmentIds: photos.map((photo) => photo.id),
        alreadyReturned,
        decisionDeadlineHours: settings.returnDecisionDeadlineHours,
      },
      actor,
      at,
    );
    tx.record(events);
    await saveReturn(tx, returnCase);
    await saveLink(tx.manager, sellerId, 'return', returnId, returnCase.id, detail.state?.state ?? 'New');
    return true;
  }

  /** The buyer's photos, copied into our attachment storage before the case's transaction. */
  private async copyPhotos(account: OzonAccount, returnId: string, detail: OzonRfbsReturn): Promise<Photo[]> {
    const photos: Photo[] = [];
    for (const [index, url] of (detail.client_photo ?? []).entries()) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        const contentType = response.headers.get('content-type')?.split(';')[0] ?? '';
        if (!response.ok || !/^(image|video)\//.test(contentType)) continue;
        const bytes = Buffer.from(await response.arrayBuffer());
        if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) continue;
        const id = randomUUID();
        const key = randomUUID();
        await this.runtime.attachments().write(key, Readable.from(bytes));
        const extension = contentType.split('/')[1] ?? 'bin';
        photos.push({
          id,
          key,
          fileName: `ozon-return-${returnId}-${index + 1}.${extension}`,
          contentType,
          size: bytes.length,
        });
      } catch (error) {
        this.logger.warn({
          msg: 'ozon return photo not copied',
          sellerId: account.sellerId,
          error: (error as Error).message,
        });
      }
    }
    return photos;
  }

  private async forget(photos: Photo[]): Promise<void> {
    for (const photo of photos)
      await this.runtime
        .attachments()
        .remove(photo.key)
        .catch(() => undefined);
  }
}
