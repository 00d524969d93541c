import { ActorRef } from './principals';

/**
 * What an audit event is about. `user`: team changes (created, updated, password reset), the case id being the
 * user's id; `seller-settings`: settings changes, the case id being the seller's id.
 */
export type CaseType = 'cancellation' | 'return' | 'order' | 'refund' | 'user' | 'seller-settings';

export interface AuditEventView {
  id: string;
  caseType: CaseType;
  caseId: string;
  orderId: string | null;
  sellerId: string;
  type: string;
  from: string | null;
  to: string | null;
  actor: ActorRef;
  at: string;
  data: Record<string, unknown>;
}
