import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ActorRef, Money, RefundCauseType } from '@aftersale/contracts';
import { newId, Order, returnableOrder, ReturnCase } from '@aftersale/domain';
import { OzonRfbsReturn } from '@aftersale/server/ozon';
import { insertImportedAttachment } from '@aftersale/server/persistence';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { lockOrder } from '../../orders/order-loading';
import { reasonOf, settingsOf } from '../../sellers/seller-references';
import { issueRefund } from '../../refunds/issue-refund';
import {
  loadReturnWithOrder,
  returnDefaultsOf,
  saveReturn,
  settleOrderWhenAllBack,
} from '../../returns/return-case-loading';
import { findLink, saveLink } from '../marketplace-links';
import { OzonAccount } from '../ozon-accounts.service';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { ozonChannelActor, OZON_SYSTEM_ACTOR } from '../ozon-mapping';
import { returnReconcileStep, ReturnReconcileStep } from './ozon-return-states';

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
 * rFBS returns → return cases (docs/ozon.md#import): a return of an imported posting opens a return case on the
 * posting's order, the buyer's photos copied as its attachments, a defect (`is_defect`) with photos as a defect
 * claim. The link keeps Ozon's state; a later state Ozon shows (or shows when the return is first seen) is
 * reconciled onto the case (ozon-return-states.ts).
 */
@Injectable()
export class OzonReturnsImport {
  private readonly logger = new Logger(OzonReturnsImport.name);

  constructor(private readonly runtime: MarketplaceRuntime) {}

  /**
   * Each return one transaction, through `apply` (which reports a rule's refusal and goes on): a return not linked
   * yet opens a case (and takes Ozon's steps when Ozon shows it further on than `New`); a linked one whose Ozon state
   * changed is reconciled.
   */
  async importReturns(
    account: OzonAccount,
    apply: (what: string, work: (tx: TransactionContext) => Promise<boolean>) => Promise<boolean>,
  ): Promise<number> {
    let imported = 0;
    let lastId = 0;
    for (;;) {
      const answer = await account.client.call('/v2/returns/rfbs/list', {
        filter: { group_state: ['ALL'] },
        last_id: lastId,
        limit: PAGE,
      });
      const rows = answer.returns ?? [];
      for (const summary of rows) {
        const returnId = String(summary.return_id);
        const link = await this.link(account, returnId);
        if (link) {
          if (link.externalState === summary.state?.state) continue; // nothing changed on Ozon's side
          if (await apply(`return ${returnId}`, (tx) => this.reconcile(tx, account, returnId))) imported += 1;
          continue;
        }
        // its posting comes first: the next run takes the return (nothing read nor copied before that)
        if (!(await this.postingLinked(account, summary.posting_number ?? ''))) continue;
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

  private link(account: OzonAccount, returnId: string) {
    return this.runtime.execution().runSystem((tx) => findLink(tx.manager, account.sellerId, 'return', returnId));
  }

  private async postingLinked(account: OzonAccount, postingNumber: string): Promise<boolean> {
    const link = await this.runtime
      .execution()
      .runSystem((tx) => findLink(tx.manager, account.sellerId, 'posting', postingNumber));
    return link !== null;
  }

  /**
   * A linked return Ozon shows in another state (docs/ozon.md#later-return-states): its state is read again under
   * the link's lock (so a push that Ozon just accepted is not undone), and the case takes the steps that bring it
   * where Ozon is — by Ozon (`system`), or by the buyer through the channel for the buyer's answers.
   */
  private async reconcile(tx: TransactionContext, account: OzonAccount, returnId: string): Promise<boolean> {
    const { sellerId } = account;
    const link = await findLink(tx.manager, sellerId, 'return', returnId);
    if (!link) return false;
    const detail = (await account.client.call('/v2/returns/rfbs/get', { return_id: Number(returnId) })).returns;
    const ozonState = detail?.state?.state;
    if (!detail || !ozonState || ozonState === link.externalState) return false;
    const { returnCase, order } = await loadReturnWithOrder(tx, link.localId, sellerId);
    await this.catchUp(tx, returnCase, order, detail, ozonState);
    await saveLink(tx.manager, sellerId, 'return', returnId, returnCase.id, ozonState);
    return true;
  }

  /** The case takes, one at a time, the transitions that bring it where Ozon's state is (ozon-return-states.ts). */
  private async catchUp(
    tx: TransactionContext,
    returnCase: ReturnCase,
    order: Order,
    detail: OzonRfbsReturn,
    ozonState: string,
  ): Promise<void> {
    const at = new Date();
    let changed = false;
    for (let guard = 0; guard < 6; guard++) {
      const step = returnReconcileStep(returnCase.state, ozonState);
      if (!step) break;
      await this.take(tx, step, returnCase, order, detail, at);
      changed = true;
    }
    if (!changed) return;
    await saveReturn(tx, returnCase);
    await settleOrderWhenAllBack(tx, order, returnCase, OZON_SYSTEM_ACTOR, at);
  }

  private async take(
    tx: TransactionContext,
    step: ReturnReconcileStep,
    returnCase: ReturnCase,
    order: Order,
    detail: OzonRfbsReturn,
    at: Date,
  ): Promise<void> {
    const ozon = OZON_SYSTEM_ACTOR;
    const buyer = ozonChannelActor(order.sellerId);
    // a decision on a request counts when Ozon took it, never past our decision deadline
    const deadline = returnCase.toSnapshot().decisionDeadlineAt;
    const decidedAt = deadline && at > deadline ? deadline : at;
    const refund = async (amount: Money, cause: { type: RefundCauseType; id: string }, actor: ActorRef) =>
      issueRefund(tx, { order, cause, amount, whenAlreadyIssued: 'keep-existing', actor, at });
    const rejection = {
      reasonId: 'return-rejection-other',
      reason: { isCommentRequired: true },
      comment: detail.rejection_comment || 'Rejected on Ozon',
    };
    switch (step) {
      case 'approve': {
        const defaults = await returnDefaultsOf(tx, order.sellerId);
        const returnAddress = detail.return_method_description || undefined;
        tx.record(returnCase.approve({ returnAddress, defaults }, ozon, decidedAt));
        return;
      }
      case 'receive':
        tx.record(returnCase.receive({ note: 'Received and checked on Ozon' }, ozon, at));
        return;
      case 'refund-without-return': {
        const when = returnCase.state === 'requested' ? decidedAt : at;
        const { events, amount } = returnCase.refundWithoutReturn(undefined, ozon, when);
        tx.record(events);
        await refund(amount, { type: 'return', id: returnCase.id }, ozon);
        return;
      }
      case 'refund': {
        const { events, amount } = returnCase.refund(undefined, ozon, at);
        tx.record(events);
        await refund(amount, { type: 'return', id: returnCase.id }, ozon);
        return;
      }
      case 'reject':
        tx.record(returnCase.reject(rejection, ozon, decidedAt));
        return;
      case 'reject-after-inspection':
        tx.record(returnCase.rejectAfterInspection(rejection, ozon, at));
        return;
      case 'dispute':
        tx.record(returnCase.dispute('Disputed on Ozon', buyer, at));
        return;
      case 'arbitrate-approved':
      case 'arbitrate-rejected': {
        const defaults = await returnDefaultsOf(tx, order.sellerId);
        const decision = step === 'arbitrate-approved' ? 'approved' : 'rejected';
        tx.record(returnCase.arbitrate({ decision, comment: 'Decided by Ozon’s arbitration', defaults }, ozon, at));
        return;
      }
      case 'accept-compensation': {
        const { events, offer } = returnCase.acceptCompensation(buyer, at);
        tx.record(events);
        await refund(offer.amount, { type: 'compensation', id: offer.id }, buyer);
        return;
      }
      case 'decline-compensation':
        tx.record(returnCase.declineCompensation(buyer, at));
        return;
    }
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
        id: newId(),
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
    // a return first seen further on (decided before the account was connected, or between two runs): the case
    // opens as the buyer asked and takes Ozon's steps since
    const ozonState = detail.state?.state ?? 'New';
    if (ozonState !== 'New')
      await this.catchUp(tx, (await tx.returns.find(returnCase.id, sellerId))!, order, detail, ozonState);
    await saveLink(tx.manager, sellerId, 'return', returnId, returnCase.id, ozonState);
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
        const id = newId();
        const key = randomUUID(); // a file name in the attachment store, not a row's id
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
