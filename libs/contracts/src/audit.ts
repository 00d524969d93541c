import { ActorRef } from './principals';

export type CaseType = 'cancellation' | 'return' | 'order' | 'refund';

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
