import { Injectable } from '@nestjs/common';
import { ozonReturnMoneyReturned, ozonReturnRejected } from '@aftersale/server/ozon';
import { MarketplaceRefundRows, MarketplaceRefundStanding } from '@aftersale/server/persistence';
import { PaymentOutcome, PaymentPendingError, PaymentPort, PaymentRequest } from './payment.port';

/** What Ozon's answer so far means for a refund: paid, declined, or not yet known (with why). */
export type OzonRefundAnswer = PaymentOutcome | { status: 'unknown'; waitingFor: string };

/**
 * A refund of an Ozon order is Ozon's to pay (docs/ozon.md#refunds-of-ozon-orders): Ozon pays the buyer once it
 * has the seller's approval. So the refund succeeded when Ozon accepted the approval of the cancellation (or
 * approved it itself), when the return's money was returned (return-money accepted, or Ozon's arbitration), or when
 * the buyer accepted a compensation on Ozon; it is declined when Ozon refused our push (or rejected the request or
 * the return); it is not known while the push is on its way (or failed and waits in ops).
 */
export function ozonRefundAnswer(standing: MarketplaceRefundStanding): OzonRefundAnswer {
  const cause = standing.cause;
  if (standing.causeType === 'cancellation') {
    if (!cause) {
      // no Ozon request behind it (the posting was cancelled by Ozon, or by the seller here)
      return standing.postingState === 'cancelled'
        ? { status: 'succeeded' }
        : { status: 'unknown', waitingFor: 'Ozon to cancel the posting' };
    }
    // APPROVED: Ozon accepted (or took) the approval; CANCELLED: Ozon accepted the seller's own cancellation
    if (cause.externalState === 'APPROVED' || cause.externalState === 'CANCELLED') return { status: 'succeeded' };
    if (cause.pushState === 'refused')
      return { status: 'declined', reason: `Ozon refused the approval: ${cause.pushError ?? 'no reason given'}` };
    if (cause.externalState === 'REJECTED')
      return { status: 'declined', reason: 'Ozon rejected the cancellation request: nothing to refund' };
    if (cause.pushState === 'failed')
      return { status: 'unknown', waitingFor: `the approval to reach Ozon (push failed: ${cause.pushError ?? ''})` };
    return { status: 'unknown', waitingFor: 'Ozon to accept the approval (sending to Ozon)' };
  }
  if (standing.causeType === 'return' && cause) {
    if (ozonReturnMoneyReturned(cause.externalState)) return { status: 'succeeded' };
    if (cause.pushState === 'refused')
      return {
        status: 'declined',
        reason: `Ozon refused to return the money: ${cause.pushError ?? 'no reason given'}`,
      };
    if (ozonReturnRejected(cause.externalState))
      return { status: 'declined', reason: 'Ozon rejected the return: nothing to refund' };
    return { status: 'unknown', waitingFor: 'Ozon to return the money (return-money)' };
  }
  if (standing.causeType === 'compensation' && cause) {
    // the buyer accepted the offer on Ozon (CompensationAccepted): Ozon paid it
    if (cause.externalState === 'CompensationAccepted') return { status: 'succeeded' };
    if (cause.pushState === 'refused')
      return {
        status: 'declined',
        reason: `Ozon refused the compensation: ${cause.pushError ?? 'no reason given'}`,
      };
    return { status: 'unknown', waitingFor: 'the buyer to accept the compensation on Ozon' };
  }
  return { status: 'unknown', waitingFor: `Ozon to pay the ${standing.causeType} (not pushed to Ozon yet)` };
}

/**
 * The payment adapter of Ozon orders: it moves no money itself, it reads what Ozon accepted (marketplace_links,
 * kept by the push and the import). `pay` with no answer yet throws PaymentPendingError: the refund stays
 * `processing` and the push runs it again once Ozon answered.
 */
@Injectable()
export class OzonPayments extends PaymentPort {
  constructor(private readonly rows: MarketplaceRefundRows) {
    super();
  }

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    const answer = await this.answer(request.idempotencyKey);
    if (answer.status === 'unknown') throw new PaymentPendingError(`waiting for ${answer.waitingFor}`);
    return answer;
  }

  async status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    const answer = await this.answer(idempotencyKey);
    return answer.status === 'unknown' ? { status: 'unknown' } : answer;
  }

  private async answer(idempotencyKey: string): Promise<OzonRefundAnswer> {
    const standing = await this.rows.refundStanding(idempotencyKey);
    if (!standing) return { status: 'unknown', waitingFor: 'a refund of an Ozon order under this key' };
    return ozonRefundAnswer(standing);
  }
}
