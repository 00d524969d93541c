import { Injectable, Logger } from '@nestjs/common';
import { ActorRef } from '@aftersale/contracts';
import { CancellationRequest, DomainError, isDomainError, newId, Order } from '@aftersale/domain';
import { OzonConditionalCancellation, OzonPosting } from '@aftersale/server/ozon';
import { latestCancellationRequestId, orderIdWithPostingNumber } from '@aftersale/server/persistence';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { lockOrder } from '../../orders/order-loading';
import { reasonOf } from '../../sellers/seller-references';
import { refundCancelledOrder } from '../../cancellations/cancellation-loading';
import { findLink, saveLink } from '../marketplace-links';
import { OzonAccount, OzonAccounts } from '../ozon-accounts.service';
import { ServerConfig } from '@aftersale/server/messaging';
import { marketplaceSettings, MarketplaceSettings } from '../marketplace-settings';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { OzonReturnsImport } from './ozon-returns-import';
import { OzonChatsImport } from './ozon-chats-import';
import {
  cancellationReasonOf,
  initiatorOf,
  minorUnits,
  movesBetween,
  orderStatusOf,
  ozonChannelActor,
  OZON_SYSTEM_ACTOR,
  sellerCancellationReasonOf,
} from '../ozon-mapping';

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
/** postings whose status changed this long before the last run are read again (clock skew, late commits) */
const OVERLAP_MS = 5 * 60 * 1000;
const PAGE = 100;

export interface ImportReport {
  postings: number;
  cancellations: number;
  returns: number;
  /** buyers' chat messages added to cases */
  messages: number;
  /** things a rule refused; each is also the connection's last error */
  problems: string[];
}

/**
 * One run of a seller's Ozon import (docs/ozon.md#import): FBS postings and their status changes become orders and
 * their moves, conditional cancellations become cancellation requests with `auto_approve_date` as the deadline, and
 * a request Ozon decided on its side is reconciled, not duplicated. Every change goes through the aggregates, so every
 * rule holds; the mapping table makes a second run change nothing.
 */
@Injectable()
export class OzonImport {
  private readonly logger = new Logger(OzonImport.name);
  private readonly settings: MarketplaceSettings;

  constructor(
    private readonly accounts: OzonAccounts,
    private readonly runtime: MarketplaceRuntime,
    private readonly returns: OzonReturnsImport,
    private readonly chats: OzonChatsImport,
    config: ServerConfig,
  ) {
    this.settings = marketplaceSettings(config);
  }

  async syncSeller(sellerId: string): Promise<ImportReport | null> {
    const account = await this.accounts.account(sellerId);
    if (!account) return null;
    const startedAt = new Date();
    const report: ImportReport = { postings: 0, cancellations: 0, returns: 0, messages: 0, problems: [] };
    try {
      await this.importPostings(account, report);
      await this.importCancellations(account, report);
      report.returns = await this.returns.importReturns(account, (what, work) =>
        this.applying(account, report, what, work),
      );
      report.messages = await this.chats.importChats(account, (what, work) =>
        this.applying(account, report, what, work),
      );
    } catch (error) {
      await this.accounts.recordFailure(sellerId, error);
      throw error;
    }
    await this.accounts.recordSuccess(sellerId, {
      postingsChangedSince: new Date(startedAt.getTime() - OVERLAP_MS).toISOString(),
    });
    for (const problem of report.problems.slice(-1)) await this.accounts.recordProblem(sellerId, problem);
    this.logger.log({
      msg: 'ozon import done',
      sellerId,
      postings: report.postings,
      cancellations: report.cancellations,
      returns: report.returns,
      messages: report.messages,
    });
    return report;
  }

  // ── postings → orders ─────────────────────────────────────────────────────────────────────────────────

  private async importPostings(account: OzonAccount, report: ImportReport): Promise<void> {
    const now = Date.now();
    const changedSince = account.cursors.postingsChangedSince;
    for (let offset = 0; ; offset += PAGE) {
      const answer = await account.client.call('/v3/posting/fbs/list', {
        dir: 'ASC',
        filter: {
          since: new Date(now - this.settings.importDays * DAY_MS).toISOString(),
          // Ozon's clock may run ahead of ours: the window reaches past today
          to: new Date(now + 30 * DAY_MS).toISOString(),
          ...(changedSince
            ? { last_changed_status_date: { from: changedSince, to: new Date(now + 30 * DAY_MS).toISOString() } }
            : {}),
        },
        limit: PAGE,
        offset,
      });
      for (const posting of answer.result?.postings ?? []) {
        if (
          await this.applying(account, report, posting.posting_number, (tx) => this.applyPosting(tx, account, posting))
        )
          report.postings += 1;
      }
      if (!answer.result?.has_next) return;
    }
  }

  /** Creates the order the first time, then moves it to where Ozon says the posting is. */
  private async applyPosting(tx: TransactionContext, account: OzonAccount, posting: OzonPosting): Promise<boolean> {
    const postingNumber = posting.posting_number!;
    const { sellerId } = account;
    const link = await findLink(tx.manager, sellerId, 'posting', postingNumber);
    if (link?.externalState === posting.status) return false; // nothing changed since the last run
    const at = new Date();
    let order: Order;
    if (link) {
      order = await lockOrder(tx, link.localId, sellerId);
    } else {
      order =
        (await this.orderWithPostingNumber(tx, sellerId, postingNumber)) ?? this.newOrder(tx, sellerId, posting, at);
    }
    const target = orderStatusOf(posting.status);
    if (target === 'cancelled') await this.cancelFromPosting(tx, order, posting, at);
    else if (target) {
      for (const step of movesBetween(order.status, target)) {
        const actor = ozonChannelActor(sellerId);
        if (step === 'processing') tx.record(order.process(actor, at));
        if (step === 'shipped') tx.record(order.ship(actor, at));
        if (step === 'delivered') tx.record(order.deliver(actor, at));
      }
    }
    await tx.orders.save(order);
    await saveLink(tx.manager, sellerId, 'posting', postingNumber, order.id, posting.status ?? null);
    return true;
  }

  private newOrder(tx: TransactionContext, sellerId: string, posting: OzonPosting, at: Date): Order {
    const products = posting.products ?? [];
    const currency = products[0]?.currency_code || 'RUB';
    const lines = products.map((product) => ({
      sku: product.offer_id || String(product.sku ?? ''),
      name: product.name || product.offer_id || 'Ozon product',
      quantity: product.quantity ?? 1,
      unitPrice: { amount: minorUnits(product.price), currency },
    }));
    const paid = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0);
    const { order, events } = Order.create(
      {
        id: newId(),
        sellerId,
        postingNumber: posting.posting_number!,
        buyer: { name: posting.customer?.name || posting.addressee?.name || 'Ozon buyer' },
        lines,
        paid: { amount: paid, currency },
      },
      ozonChannelActor(sellerId),
      at,
    );
    tx.record(events);
    return order;
  }

  /** An order that came in through the channel API with the same posting number is the same order. */
  private async orderWithPostingNumber(tx: TransactionContext, sellerId: string, postingNumber: string) {
    const orderId = await orderIdWithPostingNumber(tx.manager, sellerId, postingNumber);
    return orderId ? lockOrder(tx, orderId, sellerId) : null;
  }

  /**
   * A posting Ozon cancelled. An open request waits for the conditional cancellation's own state (the next step of
   * the run reconciles it); otherwise the cancellation is recorded as a request decided at once, seller's or not.
   */
  private async cancelFromPosting(tx: TransactionContext, order: Order, posting: OzonPosting, at: Date): Promise<void> {
    if (order.status === 'cancelled' || order.openCancellationId) return;
    const info = posting.cancellation;
    const initiator = info?.cancelled_after_ship
      ? 'carrier'
      : initiatorOf(info?.cancellation_type || info?.cancellation_initiator);
    const actor = ozonChannelActor(order.sellerId);
    const comment = info?.cancel_reason || 'Cancelled on Ozon';
    if (initiator === 'seller') {
      const reason = await reasonOf(tx, sellerCancellationReasonOf(info?.cancel_reason_id), 'seller-cancellation');
      const { request, events } = CancellationRequest.openBySeller(
        {
          id: newId(),
          order,
          reasonId: reason.id,
          comment,
          reason: { isCommentRequired: reason.isCommentRequired },
        },
        actor,
        at,
      );
      tx.record(events);
      await tx.cancellations.save(request);
      await refundCancelledOrder(tx, order, request, actor, at);
      return;
    }
    const reason = await reasonOf(tx, cancellationReasonOf(info?.cancel_reason_id), 'cancellation');
    const { request, events } = CancellationRequest.open(
      {
        id: newId(),
        order,
        reasonId: reason.id,
        comment,
        initiator,
        reason: { isCommentRequired: reason.isCommentRequired },
        deadlineHours: 72,
      },
      actor,
      at,
    );
    tx.record(events);
    // a posting being prepared is cancelled at once; one further on was a request Ozon has already approved
    if (request.isOpen) tx.record(request.approve(order, OZON_SYSTEM_ACTOR, at, 'Approved on Ozon'));
    await tx.cancellations.save(request);
    await refundCancelledOrder(tx, order, request, OZON_SYSTEM_ACTOR, at);
  }

  // ── conditional cancellations → cancellation requests ─────────────────────────────────────────────────

  private async importCancellations(account: OzonAccount, report: ImportReport): Promise<void> {
    let lastId = 0;
    for (;;) {
      const answer = await account.client.call('/v2/conditional-cancellation/list', {
        filters: { state: 'ALL' },
        last_id: lastId,
        limit: PAGE,
      });
      const rows = answer.result ?? [];
      for (const cancellation of rows) {
        const id = String(cancellation.cancellation_id);
        if (
          await this.applying(account, report, `cancellation ${id}`, (tx) =>
            this.applyCancellation(tx, account, cancellation),
          )
        )
          report.cancellations += 1;
      }
      if (rows.length < PAGE || !answer.last_id || answer.last_id === lastId) return;
      lastId = answer.last_id;
    }
  }

  private async applyCancellation(
    tx: TransactionContext,
    account: OzonAccount,
    cancellation: OzonConditionalCancellation,
  ): Promise<boolean> {
    const { sellerId } = account;
    const externalId = String(cancellation.cancellation_id);
    const state = cancellation.state?.state ?? 'ON_APPROVAL';
    const link = await findLink(tx.manager, sellerId, 'cancellation', externalId);
    if (link?.externalState === state) return false;
    const postingLink = await findLink(tx.manager, sellerId, 'posting', cancellation.posting_number ?? '');
    if (!postingLink) return false; // its posting is imported first; the next run takes the request
    const order = await lockOrder(tx, postingLink.localId, sellerId);
    const at = new Date();

    let request: CancellationRequest | null = null;
    if (link) request = await tx.cancellations.find(link.localId, sellerId);
    else if (order.openCancellationId) request = await tx.cancellations.find(order.openCancellationId, sellerId);
    else if (state === 'ON_APPROVAL') request = await this.openRequest(tx, order, cancellation, at);
    else request = await this.latestRequestOf(tx, order);
    if (!request) return false; // decided on Ozon before we saw it: the posting's cancellation records it

    if (request.isOpen && state !== 'ON_APPROVAL') this.reconcile(tx, request, order, cancellation, at);
    await tx.orders.save(order);
    await tx.cancellations.save(request);
    if (request.approvedLike) await refundCancelledOrder(tx, order, request, OZON_SYSTEM_ACTOR, at);
    await saveLink(tx.manager, sellerId, 'cancellation', externalId, request.id, state);
    return true;
  }

  /** A buyer's (or carrier's) request waiting for the seller until Ozon's `auto_approve_date`. */
  private async openRequest(
    tx: TransactionContext,
    order: Order,
    cancellation: OzonConditionalCancellation,
    at: Date,
  ): Promise<CancellationRequest> {
    const reason = await reasonOf(tx, cancellationReasonOf(cancellation.cancellation_reason?.id), 'cancellation');
    const autoApproveAt = cancellation.auto_approve_date ? new Date(cancellation.auto_approve_date) : null;
    const deadlineHours = autoApproveAt ? Math.max((autoApproveAt.getTime() - at.getTime()) / HOUR_MS, 0.001) : 72;
    const actor: ActorRef = ozonChannelActor(order.sellerId);
    const { request, events } = CancellationRequest.open(
      {
        id: newId(),
        order,
        reasonId: reason.id,
        comment:
          cancellation.cancellation_reason_message ||
          (reason.id === 'cancellation-other' ? cancellation.cancellation_reason?.name : null) ||
          null,
        initiator: initiatorOf(cancellation.cancellation_initiator),
        reason: { isCommentRequired: reason.isCommentRequired },
        deadlineHours,
      },
      actor,
      at,
    );
    tx.record(events);
    return request;
  }

  /** Ozon decided a request still open here (its own timer, or the seller in Ozon's console): the same decision. */
  private reconcile(
    tx: TransactionContext,
    request: CancellationRequest,
    order: Order,
    cancellation: OzonConditionalCancellation,
    at: Date,
  ): void {
    // the decision counts when Ozon took it, never past our deadline (which is Ozon's auto_approve_date)
    const decidedAt = new Date(cancellation.approve_date ?? at.getTime());
    const when = request.deadlineAt && decidedAt > request.deadlineAt ? request.deadlineAt : decidedAt;
    const comment = cancellation.approve_comment || null;
    if (cancellation.state?.state === 'APPROVED') {
      tx.record(request.approve(order, OZON_SYSTEM_ACTOR, when, comment ?? 'Approved on Ozon'));
    } else {
      tx.record(
        request.reject(order, OZON_SYSTEM_ACTOR, when, 'cancellation-rejection-other', comment ?? 'Rejected on Ozon'),
      );
    }
  }

  private async latestRequestOf(tx: TransactionContext, order: Order): Promise<CancellationRequest | null> {
    const requestId = await latestCancellationRequestId(tx.manager, order.id);
    return requestId ? tx.cancellations.find(requestId, order.sellerId) : null;
  }

  /**
   * One imported thing in its own transaction. A rule that refuses it (a move our rules do not allow) is reported
   * and the run goes on; the link keeps its old state, so the next run tries again.
   */
  private async applying(
    account: OzonAccount,
    report: ImportReport,
    what: string | undefined,
    work: (tx: TransactionContext) => Promise<boolean>,
  ): Promise<boolean> {
    try {
      return await this.runtime.execution().runSystem(work);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const problem = `Ozon ${what}: ${(error as DomainError).message}`;
      report.problems.push(problem);
      this.logger.warn({ msg: 'ozon import refused by a rule', sellerId: account.sellerId, problem, code: error.code });
      return false;
    }
  }
}
