/**
 * What a linked return case does when Ozon shows its return in a later state (docs/ozon.md#later-return-states):
 * one step at a time, until the case is where Ozon's state says (or no step of ours fits). Ozon's own decisions
 * (verify, receive-return, return-money, reject in Ozon's seller console, arbitration) and the buyer's answers on
 * Ozon (a compensation accepted or declined, a rejection disputed) become the case's transitions.
 */
export type ReturnReconcileStep =
  | 'approve'
  | 'receive'
  | 'refund-without-return'
  | 'refund'
  | 'reject'
  | 'reject-after-inspection'
  | 'dispute'
  | 'arbitrate-approved'
  | 'arbitrate-rejected'
  | 'accept-compensation'
  | 'decline-compensation';

const REJECTED = ['rejected', 'return_rejected'];
const ON_THE_WAY = ['approved', 'in_transit'];

export function returnReconcileStep(caseState: string, ozonState: string): ReturnReconcileStep | null {
  switch (ozonState) {
    case 'Delivering':
      return caseState === 'requested' ? 'approve' : null;
    case 'Checkout':
      if (caseState === 'requested') return 'approve';
      return ON_THE_WAY.includes(caseState) ? 'receive' : null;
    case 'MoneyReturned':
      // return-money from New (the buyer keeps the goods) or from Checkout (the goods came back and were checked)
      if (caseState === 'requested') return 'refund-without-return';
      if (ON_THE_WAY.includes(caseState)) return 'receive';
      return caseState === 'inspected' ? 'refund' : null;
    case 'ArbitrationApproved':
      // Ozon's arbitration for the buyer: Ozon returned the money
      if (REJECTED.includes(caseState)) return 'dispute';
      if (caseState === 'arbitration') return 'arbitrate-approved';
      if (caseState === 'requested' || caseState === 'approved') return 'refund-without-return';
      return caseState === 'inspected' ? 'refund' : null;
    case 'Rejected':
      if (caseState === 'requested') return 'reject';
      return caseState === 'inspected' ? 'reject-after-inspection' : null;
    case 'Arbitration':
      return REJECTED.includes(caseState) ? 'dispute' : null;
    case 'ArbitrationRejected':
      if (REJECTED.includes(caseState)) return 'dispute';
      return caseState === 'arbitration' ? 'arbitrate-rejected' : null;
    case 'CompensationAccepted':
      return caseState === 'compensation_offered' ? 'accept-compensation' : null;
    case 'CompensationDeclined':
      return caseState === 'compensation_offered' ? 'decline-compensation' : null;
    default:
      return null;
  }
}
