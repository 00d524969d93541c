import { Injectable, Logger } from '@nestjs/common';
import { ReturnCase } from '@aftersale/domain';
import {
  OZON_RETURN_ACTIONS,
  ozonDecimal,
  OzonApiError,
  OzonClient,
  OzonReturnAction,
  ozonReturnActionsFor,
  ozonReturnRejectionOf,
} from '@aftersale/server/ozon';
import { clearReturnPushOutcome, OzonPushRows, postSystemMessage, reasonOfKind } from '@aftersale/server/persistence';
import { loadReturnWithOrder, saveReturn } from '../../returns/return-case-loading';
import { MarketplaceRuntime } from '../marketplace-runtime';
import { OZON_SYSTEM_ACTOR } from '../ozon-mapping';
import { PushRefused } from './push-refused';

/**
 * The seller's decisions on a return case from Ozon, sent as Ozon's rFBS actions (docs/ozon.md#return-actions):
 * verify (with the return method), receive-return, return-money, compensate, reject (with Ozon's rejection reason
 * id). Ozon's current state is read first (`/v2/returns/rfbs/get`), so an action Ozon already has — an earlier
 * attempt whose answer was lost — is not sent twice, and an action Ozon refuses is checked against Ozon's state
 * again (the client's retry of an attempt whose answer was lost is refused); each action Ozon accepts moves the
 * link to Ozon's new state.
 */
@Injectable()
export class OzonReturnPush {
  private readonly logger = new Logger(OzonReturnPush.name);

  constructor(
    private readonly rows: OzonPushRows,
    private readonly runtime: MarketplaceRuntime,
  ) {}

  async push(client: OzonClient, sellerId: string, caseId: string): Promise<void> {
    const link = await this.rows.caseLink(sellerId, 'return', caseId);
    const returnCase = await this.runtime.execution().runSystem((tx) => tx.returns.find(caseId, sellerId));
    if (!link || !returnCase) return;
    const returnId = Number(link.externalId);
    const fresh = await client.call('/v2/returns/rfbs/get', { return_id: returnId });
    let ozonState = fresh.returns?.state?.state ?? link.externalState ?? 'New';
    // what the link may say Ozon has: our actions' results, never more (what Ozon did beyond is the import's to
    // reconcile onto the case, which it does only where the link's state differs from Ozon's)
    let accepted: string | null = null;
    const snapshot = returnCase.toSnapshot();
    for (const action of ozonReturnActionsFor(returnCase.state, snapshot.receivedAt !== null)) {
      const rule = OZON_RETURN_ACTIONS[action];
      if (rule.done.includes(ozonState)) {
        accepted = rule.to; // Ozon has it already (an earlier attempt whose answer was lost)
        continue;
      }
      if (!rule.from.includes(ozonState)) {
        throw new PushRefused(`Ozon's return ${returnId} is ${ozonState}: ${action} is not available there`);
      }
      try {
        await this.send(client, returnId, action, returnCase);
      } catch (error) {
        // the client's retry of an attempt whose answer was lost meets Ozon's refusal of an action it already has
        if (!(error instanceof OzonApiError && error.kind === 'refused')) throw error;
        const now = (await client.call('/v2/returns/rfbs/get', { return_id: returnId })).returns?.state?.state;
        if (!now || !rule.done.includes(now)) throw error;
      }
      ozonState = accepted = rule.to;
      await this.rows.recordPushAccepted('return', sellerId, caseId, ozonState);
      this.logger.log({ msg: 'ozon accepted the return action', sellerId, caseId, action, state: ozonState });
    }
    if (accepted) await this.rows.recordPushAccepted('return', sellerId, caseId, accepted);
  }

  /**
   * Ozon refused our offer of a compensation (its return is not `CompensationOffered`): the offer ends, declined by
   * Ozon, and the case is back with the seller with a new decision window, rather than waiting for an answer Ozon
   * will never give (the offer has no expiry of ours). Ozon's answer goes into the case's conversation and the link's
   * push outcome is cleared, so the seller's next decision is pushed. False when the case is not waiting on an offer.
   */
  async handBackRefusedOffer(sellerId: string, caseId: string, answer: string): Promise<boolean> {
    return this.runtime.execution().runSystem(async (tx) => {
      const { returnCase } = await loadReturnWithOrder(tx, caseId, sellerId);
      if (returnCase.state !== 'compensation_offered') return false;
      tx.record(returnCase.declineCompensation(OZON_SYSTEM_ACTOR, new Date()));
      await saveReturn(tx, returnCase);
      await tx.flushEvents(); // the transition first in the case's timeline, then the note about it
      await postSystemMessage(tx.manager, {
        sellerId,
        caseType: 'return',
        caseId,
        orderId: returnCase.orderId,
        body: `Ozon refused the compensation offer (${answer}); the case is back with the seller.`,
      });
      await clearReturnPushOutcome(tx.manager, sellerId, caseId);
      this.logger.warn({ msg: 'ozon refused the compensation offer: handed back', sellerId, caseId });
      return true;
    });
  }

  private async send(
    client: OzonClient,
    returnId: number,
    action: OzonReturnAction,
    returnCase: ReturnCase,
  ): Promise<void> {
    const p = returnCase.toSnapshot();
    switch (action) {
      case 'verify':
        await client.call('/v2/returns/rfbs/verify', {
          return_id: returnId,
          return_method_description: returnMethodOf(p),
        });
        return;
      case 'receive-return':
        await client.call('/v2/returns/rfbs/receive-return', { return_id: returnId });
        return;
      case 'return-money': {
        if (p.refundedAmount < returnCase.linesAmount.amount) {
          throw new PushRefused(
            'Ozon returns the full price only (return-money): a partial refund of an Ozon return is not sent; ' +
              'offer a compensation before the return is verified instead',
          );
        }
        // the return shipping the seller pays for goods sent back (a defect's), in Ozon's whole roubles
        const backWay =
          p.receivedAt && p.returnShippingPaidBy === 'seller'
            ? Math.round((p.returnShippingFee?.amount ?? 0) / 100)
            : 0;
        await client.call('/v2/returns/rfbs/return-money', {
          return_id: returnId,
          ...(backWay > 0 ? { return_for_back_way: backWay } : {}),
        });
        return;
      }
      case 'compensate': {
        const offer = p.compensationOffers.find((o) => o.state === 'offered');
        if (!offer) throw new PushRefused('no compensation offer is open');
        await client.call('/v2/returns/rfbs/compensate', {
          return_id: returnId,
          compensation_amount: ozonDecimal(offer.amount.amount),
        });
        return;
      }
      case 'reject': {
        // the reasons Ozon takes for this return in its state now (verify and receive-return may have moved it)
        const offered = (await client.call('/v2/returns/rfbs/get', { return_id: returnId })).returns?.rejection_reason;
        const label = p.rejectionReasonId
          ? await this.runtime
              .execution()
              .runSystem((tx) => reasonOfKind(tx.manager, p.rejectionReasonId!, 'return-rejection'))
          : null;
        const rejection = ozonReturnRejectionOf(
          p.rejectionReasonId,
          p.rejectionComment,
          offered ?? [],
          label?.labels.ru,
        );
        if (!rejection) throw new PushRefused(`Ozon offers no rejection reason for return ${returnId}`);
        await client.call('/v2/returns/rfbs/reject', {
          return_id: returnId,
          rejection_reason_id: rejection.id,
          ...(rejection.comment ? { comment: rejection.comment } : {}),
        });
        return;
      }
    }
  }
}

/** What verify tells Ozon (and the buyer) of the way back: the address, who pays the shipping, by when. */
function returnMethodOf(p: ReturnType<ReturnCase['toSnapshot']>): string {
  const parts = [
    p.returnAddress ? `Return to: ${p.returnAddress}` : null,
    p.returnShippingPaidBy ? `shipping paid by the ${p.returnShippingPaidBy}` : null,
    p.shipBy ? `ship by ${p.shipBy.toISOString().slice(0, 10)}` : null,
  ].filter(Boolean);
  return parts.join('; ') || 'Return to the seller';
}
