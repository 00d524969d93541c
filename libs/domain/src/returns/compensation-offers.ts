import { CompensationOfferState, Money, ReturnState } from '@aftersale/contracts';
import { DomainError } from '../shared/domain-error';
import { CompensationOffer } from './return-case.types';

const HOUR_MS = 3_600_000;
/** how long the buyer has to answer an offer before the case goes back to the seller */
export const COMPENSATION_ANSWER_HOURS = 72;
export const MAX_COMPENSATION_OFFERS = 2;

/**
 * A return case's compensation offers (docs/rules.md#returns): at most two per case, one open (`offered`) at a
 * time, each answered once — accepted, declined, expired after 72 h, or cancelled when the case moves on.
 */
export const compensationOffers = {
  /**
   * A new offer, open for its answer window from `at` — or, answered on the marketplace (`expires` false), until the
   * marketplace's answer; refused past the case's last allowed offer.
   */
  make(
    offers: readonly CompensationOffer[],
    state: ReturnState,
    id: string,
    amount: Money,
    at: Date,
    expires = true,
  ): CompensationOffer {
    if (offers.length >= MAX_COMPENSATION_OFFERS) {
      throw new DomainError(
        'invalid-transition',
        `A compensation may be offered at most ${MAX_COMPENSATION_OFFERS} times per case.`,
        { currentState: state, offers: offers.length },
      );
    }
    return {
      id,
      amount: { ...amount },
      state: 'offered',
      offeredAt: at,
      expiresAt: expires ? new Date(at.getTime() + COMPENSATION_ANSWER_HOURS * HOUR_MS) : null,
      answeredAt: null,
    };
  },

  /** The open offer; a case in `compensation_offered` always has one. */
  open(offers: readonly CompensationOffer[], caseId: string, state: ReturnState): CompensationOffer {
    const offer = offers.find((o) => o.state === 'offered');
    if (!offer) throw new Error(`Return ${caseId} is ${state} without an open compensation offer.`);
    return offer;
  },

  /** An answer accepted by the api after the offer expired comes too late (an offer with no expiry never expires). */
  assertAnswerable(offer: CompensationOffer, what: string, state: ReturnState, acceptedAt: Date): void {
    if (offer.expiresAt && acceptedAt > offer.expiresAt) {
      throw new DomainError(
        'invalid-transition',
        `${what} is no longer possible: the offer expired at ${offer.expiresAt.toISOString()}.`,
        { currentState: state, expiresAt: offer.expiresAt.toISOString() },
      );
    }
  },

  answer(offer: CompensationOffer, state: CompensationOfferState, at: Date): void {
    Object.assign(offer, { state, answeredAt: at });
  },
};
