import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@aftersale/domain';
import { refundView } from '@aftersale/server/persistence';
import { CommandExecution } from '../../infrastructure/command-execution.service';
import { PaymentPort } from '../../payments/payment.port';
import { recordPaymentOutcome } from '../execute-refund/refund-execution.service';
import { VoidRefundCommand } from './void-refund.command';

const PROVIDER_SAID = {
  succeeded: 'The payment provider reports this refund as paid: it is now succeeded and cannot be voided.',
  declined: 'The payment provider declined this refund: it is now declined (nothing was paid) and cannot be voided.',
};

/**
 * Voids a failed refund (docs/api.md "Refunds and payments"). A refund marked failed after a timeout may have
 * been paid: the payment port is asked first, outside any transaction, and its final answer is recorded
 * instead of the void — the void is then refused with the refund's new state. Only a refund the provider
 * does not know is voided.
 */
@CommandHandler(VoidRefundCommand)
export class VoidRefundCommandHandler implements ICommandHandler<VoidRefundCommand> {
  constructor(
    private readonly execution: CommandExecution,
    private readonly payments: PaymentPort,
  ) {}

  async execute({ envelope }: VoidRefundCommand): Promise<void> {
    const { payload, actor, acceptedAt } = envelope;
    const before = await this.execution.runSystem((tx) => tx.refunds.find(payload.refundId, envelope.sellerId));
    let reconciled: keyof typeof PROVIDER_SAID | null = null;
    if (before?.state === 'failed') {
      const known = await this.payments.status(before.idempotencyKey);
      if (known.status !== 'unknown') {
        reconciled = await this.execution.runSystem(async (tx) => {
          const refund = (await tx.refunds.find(before.id))!;
          if (refund.state !== 'failed') return null;
          await recordPaymentOutcome(tx, refund, known, new Date());
          return known.status;
        });
      }
    }
    await this.execution.run(envelope, async (tx) => {
      const refund = await tx.refunds.find(payload.refundId, envelope.sellerId);
      if (!refund) throw new DomainError('not-found', 'No such refund.');
      if (reconciled && refund.state === reconciled)
        throw new DomainError('invalid-transition', PROVIDER_SAID[reconciled], { currentState: refund.state });
      tx.record(refund.void(actor, acceptedAt, payload.comment));
      const row = await tx.refunds.save(refund);
      return { resourceId: refund.id, result: refundView(row) };
    });
  }
}
