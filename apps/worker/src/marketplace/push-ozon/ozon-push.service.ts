import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, MarketplacePushJobData, QueueName } from '@aftersale/contracts';
import { jobIdFor } from '@aftersale/server/messaging';
import { OzonApiError } from '@aftersale/server/ozon';
import {
  chatRepliesToPush,
  chatReplyToPush,
  processingMarketplaceRefunds,
  recordChatReplyPush,
} from '@aftersale/server/persistence';
import { ozonRefundAnswer } from '../../payments/ozon-payments.adapter';
import { OzonAccounts } from '../ozon-accounts.service';
import { MarketplaceRuntime } from '../marketplace-runtime';

/** a push is tried this often (429, 5xx, timeouts) before it shows as failed on the case and in ops */
const PUSH_ATTEMPTS = 6;

interface PendingDecision {
  seller_id: string;
  local_id: string;
}

/**
 * Pushes the seller's decisions to Ozon through the `marketplace` queue (docs/ozon.md#push). A decision waiting
 * for Ozon is found from the state itself — a linked request decided here by a person while its link still says
 * `ON_APPROVAL` — so a push lost with Redis is found again. Until Ozon accepts it the case shows "sending to
 * Ozon"; a push Ozon refuses (or that fails every attempt) is kept with Ozon's message on the case, never
 * dropped, and the local state never claims Ozon's acceptance.
 */
@Injectable()
export class OzonPush {
  private readonly logger = new Logger(OzonPush.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: OzonAccounts,
    private readonly runtime: MarketplaceRuntime,
  ) {}

  /** Enqueues a push for every decision still waiting for Ozon; the job id makes a second enqueue a no-op. */
  async scan(): Promise<number> {
    const pending: PendingDecision[] = await this.dataSource.query(
      `SELECT l.seller_id, l.local_id FROM marketplace_links l
         JOIN cancellation_requests c ON c.id = l.local_id
        WHERE l.marketplace = 'ozon' AND l.kind = 'cancellation' AND l.external_state = 'ON_APPROVAL'
          AND l.push_state IS NULL AND c.state IN ('approved', 'rejected')
          AND c.decided_by NOT IN ('system', 'deadline')
        LIMIT 500`,
    );
    const queue = this.runtime.queues().queue(QueueName.Marketplace);
    for (const row of pending) {
      const data: MarketplacePushJobData = {
        sellerId: row.seller_id,
        kind: 'cancellation-decision',
        localId: row.local_id,
      };
      await queue.add(JobName.PushOzon, data, {
        jobId: `ozon-push-cancellation-${row.local_id}`,
        attempts: PUSH_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      });
    }
    const replies = await chatRepliesToPush(this.dataSource);
    for (const reply of replies) {
      const data: MarketplacePushJobData = { sellerId: reply.sellerId, kind: 'chat-reply', localId: reply.messageId };
      await queue.add(JobName.PushOzon, data, {
        jobId: `ozon-push-reply-${reply.messageId}`,
        attempts: PUSH_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      });
    }
    await this.rerunAnsweredRefunds();
    return pending.length + replies.length;
  }

  /**
   * Refunds of Ozon orders are Ozon's to pay (docs/ozon.md#refunds-of-ozon-orders): one left `processing` while its
   * decision was on its way is run again once Ozon's answer is in (accepted, refused, or decided on Ozon's side), so
   * it succeeds or is declined; one still waiting is left alone. The job id (per attempt) makes a rescan a no-op.
   */
  private async rerunAnsweredRefunds(): Promise<void> {
    const waiting = await processingMarketplaceRefunds(this.dataSource);
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
        ? recordChatReplyPush(this.dataSource, { sellerId, messageId: localId, chatId: null, state, error: message })
        : this.mark(sellerId, localId, state, message);
    try {
      if (kind === 'chat-reply') await this.pushChatReply(sellerId, localId);
      else await this.pushCancellationDecision(sellerId, localId);
    } catch (error) {
      if (!(error instanceof OzonApiError)) throw error;
      await this.accounts.recordFailure(sellerId, error);
      // Ozon said no, or the key is refused: retrying cannot help; the case shows Ozon's answer
      if (error.kind === 'refused' || error.kind === 'bad-credentials') {
        await mark('refused', error.message);
        throw new UnrecoverableError(error.message);
      }
      if (lastAttempt) await mark('failed', error.message);
      throw error;
    }
  }

  /**
   * A person's reply on the case of an Ozon order, sent to the buyer through Ozon's chat of the posting
   * (`/v1/chat/start` finds or opens it, `/v1/chat/send/message` sends; Ozon takes up to 1000 characters).
   */
  private async pushChatReply(sellerId: string, messageId: string): Promise<void> {
    const reply = await chatReplyToPush(this.dataSource, sellerId, messageId);
    if (!reply || reply.pushState === 'accepted') return;
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    const started = await account.client.call('/v1/chat/start', { posting_number: reply.postingNumber });
    const chatId = started.result?.chat_id;
    if (!chatId) throw new UnrecoverableError(`Ozon opened no chat for posting ${reply.postingNumber}`);
    await account.client.call('/v1/chat/send/message', { chat_id: chatId, text: reply.body.slice(0, 1000) });
    await recordChatReplyPush(this.dataSource, { sellerId, messageId, chatId, state: 'accepted' });
    this.logger.log({ msg: 'ozon accepted the reply', sellerId, messageId, chatId });
  }

  private async pushCancellationDecision(sellerId: string, requestId: string): Promise<void> {
    const rows: { external_id: string; external_state: string; state: string; decision_comment: string | null }[] =
      await this.dataSource.query(
        `SELECT l.external_id, l.external_state, c.state, c.decision_comment FROM marketplace_links l
           JOIN cancellation_requests c ON c.id = l.local_id
          WHERE l.seller_id = $1 AND l.marketplace = 'ozon' AND l.kind = 'cancellation' AND l.local_id = $2`,
        [sellerId, requestId],
      );
    const row = rows[0];
    if (!row || row.external_state !== 'ON_APPROVAL') return; // Ozon has it already (or it was decided there)
    if (row.state !== 'approved' && row.state !== 'rejected') return;
    const account = await this.accounts.account(sellerId);
    if (!account) throw new UnrecoverableError('The Ozon account is no longer connected.');
    const body = { cancellation_id: Number(row.external_id), comment: row.decision_comment ?? '' };
    if (row.state === 'approved') await account.client.call('/v2/conditional-cancellation/approve', body);
    else await account.client.call('/v2/conditional-cancellation/reject', body);
    const accepted = row.state === 'approved' ? 'APPROVED' : 'REJECTED';
    await this.dataSource.query(
      `UPDATE marketplace_links SET external_state = $3, push_state = 'accepted', push_error = NULL, pushed_at = now(),
         synced_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon' AND kind = 'cancellation' AND local_id = $2`,
      [sellerId, requestId, accepted],
    );
    this.logger.log({ msg: 'ozon accepted the decision', sellerId, cancellationId: requestId, state: accepted });
  }

  private async mark(sellerId: string, localId: string, state: 'refused' | 'failed', error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE marketplace_links SET push_state = $3, push_error = $4, pushed_at = now()
        WHERE seller_id = $1 AND marketplace = 'ozon' AND local_id = $2`,
      [sellerId, localId, state, error.slice(0, 1000)],
    );
    this.logger.warn({ msg: `ozon push ${state}`, sellerId, localId, error });
  }
}
