import { returnReconcileStep } from './ozon-return-states';

/** Walks a case the way the import does: one step at a time until none fits. */
function walk(state: string, ozonState: string): string[] {
  const next: Record<string, string> = {
    approve: 'approved',
    receive: 'received',
    'refund-without-return': 'refunded',
    refund: 'refunded',
    reject: 'rejected',
    'reject-after-inspection': 'return_rejected',
    dispute: 'arbitration',
    'arbitrate-approved': 'approved',
    'arbitrate-rejected': 'closed',
    'accept-compensation': 'compensated',
    'decline-compensation': 'requested',
  };
  const steps: string[] = [];
  for (let step = returnReconcileStep(state, ozonState); step; step = returnReconcileStep(state, ozonState)) {
    steps.push(step);
    state = next[step];
  }
  return steps;
}

describe('Ozon’s later return states reconciled onto the case (docs/ozon.md#later-return-states)', () => {
  it('follows the seller’s actions taken in Ozon’s console', () => {
    expect(walk('requested', 'Delivering')).toEqual(['approve']);
    expect(walk('requested', 'Checkout')).toEqual(['approve', 'receive']);
    expect(walk('requested', 'MoneyReturned')).toEqual(['refund-without-return']);
    // the goods came back through Checkout: received here, inspected and refunded by the seller
    expect(walk('approved', 'MoneyReturned')).toEqual(['receive']);
    expect(walk('inspected', 'MoneyReturned')).toEqual(['refund']);
    expect(walk('requested', 'Rejected')).toEqual(['reject']);
    expect(walk('inspected', 'Rejected')).toEqual(['reject-after-inspection']);
  });

  it('follows the buyer’s answers and Ozon’s arbitration', () => {
    expect(walk('compensation_offered', 'CompensationAccepted')).toEqual(['accept-compensation']);
    expect(walk('compensation_offered', 'CompensationDeclined')).toEqual(['decline-compensation']);
    expect(walk('rejected', 'Arbitration')).toEqual(['dispute']);
    expect(walk('rejected', 'ArbitrationApproved')).toEqual(['dispute', 'arbitrate-approved', 'refund-without-return']);
    expect(walk('rejected', 'ArbitrationRejected')).toEqual(['dispute', 'arbitrate-rejected']);
  });

  it('does nothing where the case already is, or further on', () => {
    expect(walk('approved', 'Delivering')).toEqual([]);
    expect(walk('refunded', 'MoneyReturned')).toEqual([]);
    expect(walk('received', 'Checkout')).toEqual([]);
    expect(walk('refunded', 'Rejected')).toEqual([]);
  });
});
