import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Refund } from '@aftersale/domain';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { PaymentPort } from '../../payments/payment.port';

export interface RefundAttempt {
  refundId: string;
  /** true on the job's last attempt: a failure then leaves the refund `failed`, for a person to retry or void */
  lastAttempt: boolean;
}

/**
 * Pays a pending refund through the payment port (docs/rules.md#refunds), exactly once per cause: the port
 * deduplicates by the refund's idempotency key, and its status is looked up before every attempt, so a
 * timed-out call that did pay is never paid again.
 */
@Injectable()
export class RefundExecution {
  private readonly logger = new Logger(RefundExecution.name);

  constructor(
    private readonly execution: CommandExecution,
    private readonly payments: PaymentPort,
  ) {}

  async execute({ refundId, lastAttempt }: RefundAttempt): Promise<void> {
    const refund = await this.execution.runSystem(async (tx) => {
      const found = await tx.refunds.find(refundId);
      if (!found) throw new UnrecoverableError(`refund ${refundId} does not exist`);
      if (found.state !== 'pending' && found.state !== 'processing') return null; // settled, voided or waiting for a person
      tx.record(found.startAttempt(new Date()));
      await tx.refunds.save(found);
      return found;
    });
    if (!refund) return;
    this.logger.log({ msg: 'refund attempt', refundId, attempt: refund.attempts, amount: refund.amount });
    try {
      if ((await this.payments.status(refund.idempotencyKey)) !== 'succeeded') {
        await this.payments.pay({
          idempotencyKey: refund.idempotencyKey,
          orderId: refund.orderId,
          amount: refund.amount,
        });
      }
    } catch (error) {
      this.logger.warn({ msg: 'refund payment failed', refundId, lastAttempt, error: (error as Error).message });
      if (!lastAttempt) throw error;
      // A timeout may have paid: on the last attempt, ask once more before leaving the refund `failed` for a
      // person — a failed refund whose money moved could be voided and its cause refunded again.
      if ((await this.payments.status(refund.idempotencyKey).catch(() => 'unknown')) === 'succeeded') {
        await this.settle(refundId, (r) => r.succeed(new Date()), true);
        return;
      }
      await this.settle(refundId, (r) => r.fail((error as Error).message, new Date()));
      throw error;
    }
    await this.settle(refundId, (r) => r.succeed(new Date()), true);
    this.logger.log({ msg: 'refund paid', refundId });
  }

  private settle(
    refundId: string,
    transition: (refund: Refund) => ReturnType<Refund['succeed']>,
    succeeded = false,
  ): Promise<void> {
    return this.execution.runSystem(async (tx) => {
      const refund = (await tx.refunds.find(refundId))!;
      if (refund.state !== 'processing') return;
      const order = (await tx.orders.find(refund.orderId, null, true))!;
      tx.record(transition(refund));
      await tx.refunds.save(refund);
      if (succeeded) {
        order.recordRefundSucceeded(refund.amount);
        await tx.orders.save(order);
      }
    });
  }
}
