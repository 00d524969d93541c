import { Injectable, Logger } from '@nestjs/common';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { JobName, MarketplacePushJobData, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { OZON_RETURN_REACHED, OzonApiError } from '@aftersale/server/ozon';
import { OzonPushRows } from '@aftersale/server/persistence';
import { ozonRefundAnswer } from '../../payments/ozon-payments.adapter';
import { OzonAccounts } from '../ozon-accounts.service';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { ozonCancelReasonOf } from '../ozon-mapping';
import { ozonCancellationState } from './ozon-cancellation-state';
import { OzonReturnPush } from './ozon-return-push';
import { PushRefused } from './push-refused';

/** a push is tried this often (429, 5xx, timeouts) before it shows as failed on the case and in ops */
const PUSH_ATTEMPTS = 6;

/**
 * Pushes the seller's decisions to Ozon through the `marketplace` queue (docs/ozon.md#push). A decision waiting
 * for Ozon is found from the state itself — a linked request decided here by a person while its link still says
 * `ON_APPROVAL` — so a push lost with Redis is found again. Until Ozon accepts it the case shows "sending to
 * Ozon"; a push Ozon refuses (or that fails every attempt) is kept with Ozon's message on the case, never
 * dropped, and the local state never claims Ozon's acceptance.
 */
/** How far Ozon's clock may be behind ours when a reply is looked for in its chat. */
const CHAT_CLOCK_SKEW_MS = 5 * 60_000;

@Injectable()
export class OzonPush {
  private readonly logger = new Logger(OzonPush.name);

  constructor(
    private readonly rows: OzonPushRows,
    private readonly accounts: OzonAccounts,
    private readonly runtime: MarketplaceRuntime,
    private readonly returns: OzonReturnPush,
  ) {}

  /** Enqueues a push for every decision still waiting for Ozon; the job id makes a second enqueue a no-op. */
  async scan(): Promise<number> {
    const pending = await this.rows.decisionsAwaitingPush();
    const queue = this.runtime.queues().queue(QueueName.Marketplace);
    for (const row of pending) {
      const data: MarketplacePushJobData = {
        sellerId: row.sellerId,
        kind: 'cancellation-decision',
        localId: row.requestId,
      };
      await this.enqueue(queue, data, `ozon-push-cancellation-${row.requestId}`);
    }
    const replies = await this.rows.chatRepliesToPush();
    for (const reply of replies) {
      const data: MarketplacePushJobData = { sellerId: reply.sellerId, kind: 'chat-reply', localId: reply.messageId };
      await this.enqueue(queue, data, `ozon-push-reply-${reply.messageId}`);
    }
    const cancellations = await this.rows.sellerCancellationsAwaitingPush();
    for (const cancellation of cancellations) {
      // the link first: the case shows "sending to Ozon" from now on
      await this.rows.recordSellerCancellationPush({ ...cancellation, state: 'sending' });
      const data: MarketplacePushJobData = {
        sellerId: cancellation.sellerId,
        kind: 'seller-cancellation',
        localId: cancellation.requestId,
      };
      await this.enqueue(queue, data, `ozon-push-seller-cancellation-${cancellation.requestId}`);
    }
    // return cases whose state says more than Ozon's: one job per decision (the case's version)
    const returnActions = await this.rows.returnActionsAwaitingPush(OZON_RETURN_REACHED);
    for (const row of returnActions) {
      const data: MarketplacePushJobData = { sellerId: row.sellerId, kind: 'return-action', localId: row.caseId };
      await this.enqueue(queue, data, `ozon-push-return-${row.caseId}-v${row.version}`);
    }
    await this.rerunAnsweredRefunds();
    return pending.length + replies.length + cancellations.length + returnActions.length;
  }

  /** One push job, retried with backoff (the marketplace queue's retries); its id makes a second enqueue a no-op. */
  private enqueue(queue: Queue, data: MarketplacePushJobData, jobId: string) {
    return queue.add(JobName.PushOzon, data, {
      jobId,
      attempts: PUSH_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    });
  }

  /**
   * Refunds of Ozon orders are Ozon's to pay (docs/ozon.md#refunds-of-ozon-orders): one left `processing` while its
   * decision was on its way is run again once Ozon's answer is in (accepted, refused, or decided on Ozon's side), so
   * it succeeds or is declined; one still waiting is left alone. The job id (per attempt) makes a rescan a no-op.
   */
  private async rerunAnsweredRefunds(): Promise<void> {
    const waiting = await this.rows.processingMarketplaceRefunds();
    const queue = this.runtime.queues().queueFor(JobName.ExecuteRefund);
    for (const standing of waiting) {
      if (ozonRefundAnswer(standing).status === 'unknown') continue;
      await queue.add(
        JobName.ExecuteRefund,
        { refundId: standing.refundId },
        { jobId: jobIdFor('refund', standing.refundId, `ozon-answer-${standing.attempts}`) },
      );
    }
  }

  async handle(job: Job<MarketplacePushJobData>): Promise<void> {
    const { sellerId, localId, kind } = job.data;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const mark = (state: 'refused' | 'failed', message: string) =>
      kind === 'chat-reply'
        ? this.rows.recordChatReplyPush({ sellerId, messageId: localId, chatId: null, state, error: message })
        : this.mark(sellerId, localId, state, message);
    try {
      if (kind === 'chat-reply') await this.pushChatReply(sellerId, localId);
      else if (kind === 'seller-cancellation') await this.pushSellerCancellation(sellerId, localId);
      else if (kind === 'return-action') await this.pushReturnActions(sellerId, localId);
      else await this.pushCancellationDecision(sellerId, localId);
    } catch (error) {
      if (error instanceof PushRefused) {
        await this.accounts.recordProblem(sellerId, error.message);
        await mark('refused', error.message);
        await this.handBack(kind, sellerId, localId, error.message);
        throw new UnrecoverableError(error.message);
      }
      if (!(error instanceof OzonApiError)) throw error;
      await this.accounts.recordFailure(sellerId, error);
      // Ozon said no to the decision: retrying cannot help; the case shows Ozon's answer (a refund waiting on it is
      // declined)
      if (error.kind === 'refused') {
        await mark('refused', error.message);
        await this.handBack(kind, sellerId, localId, error.message);
        throw new UnrecoverableError(error.message);
      }
      // Ozon refused the key, not the decision: retrying with it cannot help either, but nothing was decided on
      // Ozon's side. The push fails (a refund waiting on it keeps waiting), the connection shows the error, and the
      // job waits in ops' failed jobs to be retried once the seller has reconnected (docs/ozon.md#push).
      if (error.kind === 'bad-credentials') {
        await mark('failed', error.message);
        throw new UnrecoverableError(error.message);
      }
      if (lastAttempt) await mark('failed', error.message);
      throw error;
    }
  }

  /** A compensation offer Ozon refused is handed back to the seller (docs/ozon.md#return-actions). */
  private async handBack(kind: MarketplacePushJobData['kind'], sellerId: string, caseId: string, answer: string) {
    if (kind === 'return-action') await this.returns.handBackRefusedOffer(sellerId, caseId, answer);
  }

  /**
   * A person's reply on the case of an Ozon order, sent to the buyer through Ozon's chat of the posting
   * (`/v1/chat/start` finds or opens it, `/v1/chat/send/message` sends; Ozon takes up to 1000 characters).
   */
  private async pushChatReply(sellerId: string, messageId: string): Promise<void> {
    const reply = await this.rows.chatReplyToPush(sellerId, messageId);
    if (!reply || reply.pushState === 'accepted') return;
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    const started = await account.client.call('/v1/chat/start', { posting_number: reply.postingNumber });
    const chatId = started.result?.chat_id;
    if (!chatId) throw new UnrecoverableError(`Ozon opened no chat for posting ${reply.postingNumber}`);
    const text = reply.body.slice(0, 1000);
    // Sending a message is not idempotent: one attempt per push, and a push after one whose answer was lost (a
    // timeout, a worker that died before recording it) first looks for the message in the chat (docs/ozon.md#push)
    const inChat = async () => {
      const since = reply.createdAt.getTime() - CHAT_CLOCK_SKEW_MS;
      const history = await account.client.call('/v3/chat/history', {
        chat_id: chatId,
        direction: 'Backward',
        limit: 50,
      });
      return (history.messages ?? []).some(
        (m) =>
          m.user?.type?.toLowerCase() === 'seller' &&
          m.data?.[0] === text &&
          (!m.created_at || new Date(m.created_at).getTime() >= since),
      );
    };
    if (!(await inChat()))
      await account.client.call('/v1/chat/send/message', { chat_id: chatId, text }, { once: true });
    await this.rows.recordChatReplyPush({ sellerId, messageId, chatId, state: 'accepted' });
    this.logger.log({ msg: 'ozon accepted the reply', sellerId, messageId, chatId });
  }

  /**
   * The seller's own cancellation of an Ozon order, sent as `/v2/posting/fbs/cancel` with Ozon's cancel reason id
   * (352 out of stock, 400 only defective items left, 402 other with the comment as the message). The posting is read
   * first (`/v3/posting/fbs/get`), and again after a refusal: one Ozon shows cancelled for our reason is accepted.
   */
  private async pushSellerCancellation(sellerId: string, requestId: string): Promise<void> {
    const cancellation = await this.rows.sellerCancellationToPush(sellerId, requestId);
    if (!cancellation || cancellation.pushState === 'accepted') return;
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    const reason = ozonCancelReasonOf(cancellation.reasonId, cancellation.comment);
    // Ozon already cancelled it for our reason: an earlier attempt whose answer was lost
    const cancelledForUs = async () => {
      const { result } = await account.client.call('/v3/posting/fbs/get', {
        posting_number: cancellation.postingNumber,
      });
      return result?.status === 'cancelled' && result.cancellation?.cancel_reason_id === reason.id;
    };
    if (!(await cancelledForUs())) {
      try {
        await account.client.call('/v2/posting/fbs/cancel', {
          posting_number: cancellation.postingNumber,
          cancel_reason_id: reason.id,
          cancel_reason_message: reason.message,
        });
      } catch (error) {
        // the client's retry of an attempt whose answer was lost meets Ozon's "cannot be cancelled"
        if (!(error instanceof OzonApiError && error.kind === 'refused' && (await cancelledForUs()))) throw error;
      }
    }
    await this.rows.recordSellerCancellationPush({
      sellerId,
      requestId,
      postingNumber: cancellation.postingNumber,
      state: 'accepted',
    });
    this.logger.log({ msg: 'ozon accepted the seller cancellation', sellerId, requestId, reasonId: reason.id });
  }

  /** The seller's decisions on a return case from Ozon, as Ozon's rFBS actions (docs/ozon.md#return-actions). */
  private async pushReturnActions(sellerId: string, caseId: string): Promise<void> {
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    await this.returns.push(account.client, sellerId, caseId);
  }

  /**
   * Our approval or rejection of Ozon's conditional cancellation (`/v2/conditional-cancellation/approve` or
   * `/reject`). Ozon's state is read first (`/v2/conditional-cancellation/list` by the posting): a request Ozon
   * already decided our way — an earlier attempt whose answer was lost — is recorded as accepted without sending it
   * again; one Ozon decided the other way is refused without asking. A refusal of the call itself is checked the
   * same way, since the client's own retry of an attempt whose answer was lost meets Ozon's "not ON_APPROVAL".
   */
  private async pushCancellationDecision(sellerId: string, requestId: string): Promise<void> {
    const row = await this.rows.cancellationDecisionToPush(sellerId, requestId);
    if (!row || row.externalState !== 'ON_APPROVAL') return; // Ozon has it already (or it was decided there)
    if (row.state !== 'approved' && row.state !== 'rejected') return;
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    const decision = row.state === 'approved' ? 'APPROVED' : 'REJECTED';
    const cancellationId = Number(row.externalId);
    const ozonState = () => ozonCancellationState(account.client, row.postingNumber, cancellationId);
    const accepted = async (lostAnswer: boolean) => {
      await this.rows.recordPushAccepted('cancellation', sellerId, requestId, decision);
      this.logger.log({ msg: 'ozon accepted the decision', sellerId, cancellationId, state: decision, lostAnswer });
    };
    const before = await ozonState();
    if (before === decision) return accepted(true);
    if (before && before !== 'ON_APPROVAL') {
      throw new PushRefused(
        `Ozon's cancellation ${cancellationId} is ${before}: the ${row.state === 'approved' ? 'approval' : 'rejection'} was not sent`,
      );
    }
    const body = { cancellation_id: cancellationId, comment: row.comment ?? '' };
    try {
      if (decision === 'APPROVED') await account.client.call('/v2/conditional-cancellation/approve', body);
      else await account.client.call('/v2/conditional-cancellation/reject', body);
    } catch (error) {
      if (error instanceof OzonApiError && error.kind === 'refused' && (await ozonState()) === decision) {
        return accepted(true);
      }
      throw error;
    }
    await accepted(false);
  }

  private async mark(sellerId: string, localId: string, state: 'refused' | 'failed', error: string): Promise<void> {
    await this.rows.recordPushFailure(sellerId, localId, state, error);
    this.logger.warn({ msg: `ozon push ${state}`, sellerId, localId, error });
  }
}
