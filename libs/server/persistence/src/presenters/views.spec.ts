import { ReturnCase } from '@aftersale/domain';
import { returnCaseView } from './views';

const rub = (amount: number) => ({ amount, currency: 'RUB' });
const t0 = new Date('2025-03-01T10:00:00Z');
const after = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const buyer = { kind: 'channel' as const, id: 'seller-1', name: 'channel' };
const seller = { kind: 'user' as const, id: 'user-1', name: 'Agent' };

function open(): ReturnCase {
  return ReturnCase.open(
    {
      id: 'ret-1',
      order: {
        id: 'order-1',
        sellerId: 'seller-1',
        postingNumber: '7731-0042',
        status: 'delivered',
        lines: [{ sku: 'A', quantity: 3, unitPrice: rub(333) }],
        paid: rub(999),
      },
      type: 'buyer_return',
      lines: [{ sku: 'A', quantity: 2 }],
      reasonId: 'changed-mind',
      reason: { isDefect: false, isCommentRequired: false },
      decisionDeadlineHours: 72,
    },
    buyer,
    t0,
  ).returnCase;
}

// The record shape of docs/api.md ("Record shapes"): dates as ISO strings, the aggregate's money rules.
describe('returnCaseView', () => {
  it('presents dates as ISO strings and the money the aggregate computes', () => {
    const c = open();
    c.offerCompensation({ offerId: 'o1', amount: rub(100) }, seller, after(1));
    expect(returnCaseView(c)).toEqual(
      expect.objectContaining({
        id: 'ret-1',
        state: 'compensation_offered',
        lines: [{ sku: 'A', quantity: 2, amount: rub(666) }],
        decisionDeadlineAt: after(72).toISOString(),
        decidedAt: after(1).toISOString(),
        decidedBy: 'user-1',
        disputeDeadlineAt: null,
        compensationOffers: [
          {
            id: 'o1',
            amount: rub(100),
            state: 'offered',
            offeredAt: after(1).toISOString(),
            expiresAt: after(73).toISOString(),
            answeredAt: null,
          },
        ],
        linesAmount: rub(666),
        suggestedRefund: null,
        refunded: rub(0),
        createdAt: t0.toISOString(),
        updatedAt: after(1).toISOString(),
      }),
    );
  });

  it('shows the dispute deadline while a rejection stands', () => {
    const c = open();
    c.reject({ reasonId: 'used', reason: { isCommentRequired: false } }, seller, after(1));
    expect(returnCaseView(c)).toMatchObject({
      state: 'rejected',
      rejectedAt: after(1).toISOString(),
      disputeDeadlineAt: after(1 + 5 * 24).toISOString(),
    });
    c.dispute('Not fair', buyer, after(2));
    expect(returnCaseView(c).disputeDeadlineAt).toBeNull();
  });

  it('does not share arrays with the aggregate', () => {
    const c = open();
    const view = returnCaseView(c);
    view.lines[0].amount.amount = 1;
    view.attachmentIds.push('x');
    expect(c.lines[0].amount).toEqual(rub(666));
    expect(returnCaseView(c).attachmentIds).toEqual([]);
  });
});
