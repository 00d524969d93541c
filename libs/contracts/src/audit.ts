import { ActorRef } from './principals';

/**
 * What an audit event is about; `seller-settings` events have the seller's id as their case id, `user` events
 * (team changes: created, updated, password reset) the user's id.
 */
export type CaseType = 'cancellation' | 'return' | 'order' | 'refund' | 'seller-settings' | 'user';

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
