import { Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { ExecuteRefundJobData, JobName } from '@aftersale/contracts';
import { Order, Refund } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { OnJob } from '../../infrastructure/jobs';
import { QueueWorkers } from '../../infrastructure/queue-workers.service';
import {
  correlated,
  EventDeliveryStart,
  reactionInProgress,
  ReactionInProgress,
  StoredEvent,
} from '../../events/event-reactions.service';
import { currentCorrelationId, jobIdFor, ServerConfig } from '@aftersale/server/messaging';
import { recordReactionIn, RefundAttemptRows, RefundForPayment } from '@aftersale/server/persistence';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { IssuedRefunds } from '../../infrastructure/issued-refunds';
import { PaymentOutcome, PaymentPendingError, PaymentPort } from '../../payments/payment.port';

export interface RefundAttempt {
  refundId: string;
  /** true on the job's last attempt: a failure then leaves the refund `failed`, for a person to retry or void */
  lastAttempt: boolean;
  /**
   * the event's own job: a refund already `processing` had its attempt started by an earlier delivery of the event,
   * which handed it to an `ExecuteRefund` job, or by the decision that issued it, whose attempt the first delivery no
   * longer made (`payIssuedAttempt`); it is not attempted again here (docs/reliability.md, "Two attempts at one refund
   * at once")
   */
  inEventJob?: boolean;
}

/** `execute` in the event's job found the refund's attempt already started: the `ExecuteRefund` job owns it. */
const HANDED_OFF = 'handed-off';

/**
 * Records the payment provider's final answer on a refund, in one transaction with the order's `refunded`:
 * paid → `succeeded`, declined → `declined` (nothing paid, the amount released). Used after a payment and
 * when a person voids a failed refund (the provider's answer wins over the void). `lockedOrder`: the order as the caller
 * read it — under its row lock, or before the payment's call (`RefundExecution.settle`), its versioned update failing
 * if it changed since; without it the order is read and locked here.
 */
export async function recordPaymentOutcome(
  tx: TransactionContext,
  refund: Refund,
  outcome: PaymentOutcome,
  at: Date,
  lockedOrder?: Order,
): Promise<void> {
  if (outcome.status === 'declined') {
    tx.record(refund.decline(outcome.reason, at));
    await tx.refunds.save(refund);
    return;
  }
  const order = lockedOrder ?? (await tx.orders.find(refund.orderId, null, true))!;
  tx.record(refund.succeed(at));
  await tx.refunds.save(refund);
  order.recordRefundSucceeded(refund.amount);
  await tx.orders.save(order);
}

/** What the first attempt knows of its key's standing at the provider without asking (docs/benchmarks.md, 23). */
const UNASKED = { status: 'unknown' } as const;

/**
 * Pays a pending refund through the payment port (docs/rules.md#refunds), exactly once per cause: the port
 * deduplicates by the refund's idempotency key, and its status is looked up before every attempt after the first,
 * so a timed-out call that did pay is never paid again. A decline is the provider's final answer: recorded, never
 * retried (the same key would be declined again).
 */
@Injectable()
export class RefundExecution {
  private readonly logger = new Logger(RefundExecution.name);

  constructor(
    private readonly refunds: RefundAttemptRows,
    private readonly execution: CommandExecution,
    private readonly payments: PaymentPort,
    private readonly workers: QueueWorkers,
    private readonly config: ServerConfig,
    private readonly issued: IssuedRefunds,
  ) {}

  /**
   * On `RefundCreated` and `RefundRetryRequested`: the payment's first attempt runs in the event's own job (no
   * job of its own: one BullMQ job fewer per refund, docs/benchmarks.md, 6). Whatever it throws — the provider
   * unreachable, PostgreSQL gone after the money moved — hands the refund to an `ExecuteRefund` job (one per
   * event, as before), whose attempts and backoff retry it and whose last attempt leaves it `failed`; the refund
   * stays `processing` meanwhile and every retry asks the provider's status first, so nothing is paid twice.
   * The reaction itself fails only when that job cannot be added, and the event is then delivered again. The first
   * start of a `RefundCreated` job its writer published makes the attempt the decision started (`payIssuedAttempt`).
   */
  async payNow(event: StoredEvent, delivery: EventDeliveryStart = { first: false }): Promise<void> {
    try {
      if (delivery.first && event.type === 'RefundCreated' && (await this.payIssuedAttempt(event.aggregateId))) return;
      // redelivered (its first delivery failed after starting the attempt and scheduling the retry job, e.g. with
      // PostgreSQL gone): the retry job pays, alone; adding it again is a no-op while it exists
      if ((await this.execute({ refundId: event.aggregateId, lastAttempt: false, inEventJob: true })) === HANDED_OFF)
        await this.schedule(event);
    } catch (error) {
      this.logger.warn({
        msg: 'refund attempt failed in its event job; retried by ExecuteRefund',
        refundId: event.aggregateId,
        error: (error as Error).message,
      });
      await this.schedule(event);
    }
  }

  /** The job that retries a refund's payment, one per event. */
  async schedule(event: StoredEvent): Promise<void> {
    await this.workers
      .queueFor(JobName.ExecuteRefund)
      .add(
        JobName.ExecuteRefund,
        { refundId: event.aggregateId, ...correlated() },
        { jobId: jobIdFor('refund', event.aggregateId, event.id) },
      );
  }

  /** The refunds queue's way in: the job's last attempt is the refund's. */
  @OnJob(JobName.ExecuteRefund)
  async onJob({ refundId }: ExecuteRefundJobData, job: Job<ExecuteRefundJobData>): Promise<void> {
    await this.execute({ refundId, lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
  }

  /**
   * The first attempt, started by the decision that issued the refund (`issueRefund`), made by the first start of its
   * `RefundCreated` job: the refund as that decision wrote it, if it was this process's (`IssuedRefunds`), or else one
   * read, no transaction; then the call, whose outcome is written over what that read found (`settle`). False, for the
   * event job's usual way, when that attempt no longer holds the refund for half its lease (the job waited that long
   * in the queue, or a later attempt started): a call started now must end before the hold does (docs/reliability.md
   * "One attempt at a time").
   */
  private async payIssuedAttempt(refundId: string): Promise<boolean> {
    const found = this.issued.take(refundId) ?? (await this.refunds.find(refundId));
    if (!found?.refund.heldBy(1, new Date(), this.config.refundAttemptLeaseMs / 2)) return false;
    await this.call(found, { lastAttempt: false, inEventJob: true });
    return true;
  }

  async execute({ refundId, lastAttempt, inEventJob = false }: RefundAttempt): Promise<typeof HANDED_OFF | void> {
    const started = await this.execution.runSystem(
      async (tx) => {
        const { refund: found, marketplace } =
          (await tx.refunds.findForAttempt(refundId, currentCorrelationId())) ?? {};
        if (!found) throw new UnrecoverableError(`refund ${refundId} does not exist`);
        if (found.state !== 'pending' && found.state !== 'processing') return null; // settled, voided or waiting for a person
        if (inEventJob && found.state === 'processing') return HANDED_OFF;
        // refused (RefundAttemptUnderWay, thrown to the job, which tries again later) while another attempt's call
        // may still be paying under the key
        tx.record(found.startAttempt(new Date(), this.config.refundAttemptLeaseMs));
        await tx.refunds.save(found);
        return { refund: found, marketplace: marketplace ?? null };
      },
      { workBindsCorrelation: true },
    );
    if (!started) return;
    if (started === HANDED_OFF) return HANDED_OFF;
    await this.call(started, { lastAttempt, inEventJob });
  }

  /**
   * The started attempt's call to the provider, and what its answer (or its failure) leaves the refund in. With the
   * `order`, the refund was read as it stands in the database, not changed since: the outcome is written over that read.
   */
  private async call(
    { refund, marketplace, order }: Omit<RefundForPayment, 'order'> & { order?: Order },
    { lastAttempt, inEventJob }: Omit<RefundAttempt, 'refundId'>,
  ): Promise<void> {
    const refundId = refund.id;
    this.logger.log({ msg: 'refund attempt', refundId, attempt: refund.attempts, amount: refund.amount });
    let outcome: PaymentOutcome;
    try {
      // the first attempt asks nothing first: an attempt is committed `processing` before its call, so no call was
      // ever made under the key (a retried refund keeps its attempts); later ones ask, in case an earlier call paid
      const known = refund.attempts > 1 ? await this.payments.status(refund.idempotencyKey) : UNASKED;
      outcome =
        known.status !== 'unknown'
          ? known
          : await this.payments.pay({
              idempotencyKey: refund.idempotencyKey,
              orderId: refund.orderId,
              amount: refund.amount,
              marketplace,
            });
    } catch (error) {
      if (error instanceof PaymentPendingError) {
        // the provider has it and answers later (an Ozon order: the push of the approval runs the refund again)
        this.logger.log({ msg: 'refund waiting for the provider', refundId, reason: error.message });
        await this.endAttempt(refund).catch(() => undefined);
        return;
      }
      this.logger.warn({ msg: 'refund payment failed', refundId, lastAttempt, error: (error as Error).message });
      if (!lastAttempt) {
        // the call is over: the next attempt need not wait for this one's lease to run out
        await this.endAttempt(refund).catch(() => undefined);
        throw error;
      }
      // A timeout may have paid (or been declined): on the last attempt, ask once more before leaving the refund
      // `failed` for a person — a failed refund whose money moved could be voided and its cause refunded again.
      const late = await this.payments.status(refund.idempotencyKey).catch(() => ({ status: 'unknown' as const }));
      if (late.status !== 'unknown') {
        await this.settle(refundId, (tx, r, order) => recordPaymentOutcome(tx, r, late, new Date(), order));
        return;
      }
      await this.settle(refundId, async (tx, r) => {
        tx.record(r.fail((error as Error).message, new Date()));
        await tx.refunds.save(r);
      });
      throw error;
    }
    // paid in the event's job: nothing is left of the reaction after this transaction, which records its inbox row
    // with the outcome (docs/benchmarks.md, 22)
    const reaction = inEventJob ? reactionInProgress() : undefined;
    await this.settle(
      refundId,
      (tx, r, lockedOrder) => recordPaymentOutcome(tx, r, outcome, new Date(), lockedOrder),
      reaction,
      order && { refund, order },
    );
    this.logger.log({ msg: 'refund settled', refundId, status: outcome.status });
  }

  /**
   * Releases the refund for the next attempt once this one's call has ended without the provider's answer. Nothing
   * when a later attempt has started meanwhile (after this one's lease ran out): the refund is that one's.
   */
  private async endAttempt(attempt: Refund): Promise<void> {
    await this.execution.runSystem(async (tx) => {
      const { refund } = (await tx.refunds.findForAttempt(attempt.id, currentCorrelationId())) ?? {};
      if (refund?.endAttempt(attempt.attempts)) await tx.refunds.save(refund);
    });
  }

  /**
   * One statement reads the refund, its order (locked) and the order's lines, and binds the correlation id. With
   * `reaction`, the event reaction's inbox row is written in the same transaction (marked `recorded` once committed).
   * With `readBeforeCall` (the refund and its order as the attempt read them before its call, unlocked), the first
   * run reads nothing: the transaction is its writes alone, in one round trip with its START, the correlation id and
   * its COMMIT; their versioned updates find another version if either row changed during the call, and the run
   * after that lost race reads both again, locked (docs/benchmarks.md, 37). Such writes-only outcomes that arrive
   * together share a transaction (`runWrites`, docs/benchmarks.md, 65), on copies of what was read: if their batch
   * fails, each runs again in its own.
   */
  private async settle(
    refundId: string,
    transition: (tx: TransactionContext, refund: Refund, order: Order) => Promise<void>,
    reaction?: ReactionInProgress,
    readBeforeCall?: { refund: Refund; order: Order },
  ): Promise<void> {
    const reactionToRecord = reaction && !reaction.recorded ? reaction : undefined;
    const apply = async (tx: TransactionContext, refund: Refund, order: Order) => {
      if (reactionToRecord)
        await recordReactionIn(tx.manager, reactionToRecord.consumer, reactionToRecord.eventId, reactionToRecord.last);
      if (refund.state !== 'processing') return;
      await transition(tx, refund, order);
    };
    let unread = readBeforeCall;
    const inOwnTransaction = () =>
      this.execution.runSystem(
        async (tx) => {
          const { refund, order } = unread ?? (await tx.refunds.findWithLockedOrder(refundId, currentCorrelationId()))!;
          unread = undefined;
          await apply(tx, refund, order);
        },
        { workBindsCorrelation: !readBeforeCall },
      );
    if (readBeforeCall)
      await this.execution.runWrites(
        refundId,
        (tx) =>
          apply(
            tx,
            Refund.fromSnapshot(readBeforeCall.refund.toSnapshot()),
            Order.fromSnapshot(readBeforeCall.order.toSnapshot()),
          ),
        inOwnTransaction,
      );
    else await inOwnTransaction();
    if (reactionToRecord) reactionToRecord.recorded = true;
  }
}
