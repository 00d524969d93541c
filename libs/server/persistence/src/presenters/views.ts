import {
  AuditEventView,
  CancellationView,
  OrderView,
  ParcelView,
  ReasonView,
  RefundView,
  ReturnView,
  SellerSettingsView,
  UserRecord,
  UserView,
} from '@aftersale/contracts';
import type { ReturnCase } from '@aftersale/domain';
import { returnCaseToDomain } from '../repositories/return-case.repository';
import {
  AuditEventOrmEntity,
  CancellationRequestOrmEntity,
  OrderOrmEntity,
  ParcelOrmEntity,
  ReasonOrmEntity,
  RefundOrmEntity,
  ReturnCaseOrmEntity,
  SellerSettingsOrmEntity,
  UserOrmEntity,
} from '../entities';
import type { AttachmentView, MessageView } from '@aftersale/contracts';
import type { AttachmentOrmEntity } from '../entities/attachment.orm-entity';
import type { MessageOrmEntity } from '../entities/message.orm-entity';

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

/** Row → the API's record shape (docs/api.md, "Record shapes"), used by reads and by command results alike. */
export function orderView(row: OrderOrmEntity): OrderView {
  return {
    id: row.id,
    sellerId: row.sellerId,
    postingNumber: row.postingNumber,
    status: row.status,
    buyer: { name: row.buyerName, ...(row.buyerEmail ? { email: row.buyerEmail } : {}) },
    lines: [...(row.lines ?? [])]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: { amount: line.unitPriceAmount, currency: row.currency },
      })),
    paid: { amount: row.paidAmount, currency: row.currency },
    refunded: { amount: row.refundedAmount, currency: row.currency },
    cancelledBySeller: row.cancelledBySeller,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function cancellationView(row: CancellationRequestOrmEntity): CancellationView {
  return {
    id: row.id,
    orderId: row.orderId,
    sellerId: row.sellerId,
    postingNumber: row.postingNumber,
    state: row.state,
    initiator: row.initiator,
    reasonId: row.reasonId,
    comment: row.comment,
    deadlineAt: iso(row.deadlineAt),
    decidedAt: iso(row.decidedAt),
    decidedBy: row.decidedBy,
    decisionReasonId: row.decisionReasonId,
    decisionComment: row.decisionComment,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function refundView(row: RefundOrmEntity): RefundView {
  return {
    id: row.id,
    orderId: row.orderId,
    sellerId: row.sellerId,
    cause: { type: row.causeType, id: row.causeId },
    amount: { amount: row.amount, currency: row.currency },
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    idempotencyKey: row.idempotencyKey,
    createdAt: iso(row.createdAt)!,
    completedAt: iso(row.completedAt),
  };
}

export function auditEventView(row: AuditEventOrmEntity): AuditEventView {
  return {
    id: row.id,
    caseType: row.caseType,
    caseId: row.caseId,
    orderId: row.orderId,
    sellerId: row.sellerId,
    type: row.type,
    from: row.from,
    to: row.to,
    actor: row.actor,
    at: iso(row.at)!,
    data: row.data,
  };
}

export function reasonView(row: ReasonOrmEntity, language: 'en' | 'ru' | 'zh' = 'en'): ReasonView {
  return {
    id: row.id,
    kind: row.kind,
    label: row.labels[language],
    labels: row.labels,
    isDefect: row.isDefect,
    isCommentRequired: row.isCommentRequired,
  };
}

export function sellerSettingsView(row: SellerSettingsOrmEntity, sellerName: string): SellerSettingsView {
  return {
    sellerId: row.sellerId,
    sellerName,
    cancellationDeadlineHours: row.cancellationDeadlineHours,
    returnDecisionDeadlineHours: row.returnDecisionDeadlineHours,
    defaultReturnAddress: row.defaultReturnAddress,
    currency: row.currency,
    returnShipByDays: row.returnShipByDays,
    defaultReturnShippingFee: { amount: row.defaultReturnShippingFee, currency: row.currency },
    updatedAt: iso(row.updatedAt)!,
  };
}

/**
 * The case's record shape. The money and the dispute deadline are the aggregate's rules (suggestedRefund,
 * linesAmount, disputeDeadlineAt), so the presenter reads them from the case rather than from the row.
 */
export function returnCaseView(returnCase: ReturnCase): ReturnView {
  const p = returnCase.toSnapshot();
  return {
    id: p.id,
    orderId: p.orderId,
    sellerId: p.sellerId,
    postingNumber: p.postingNumber,
    type: p.type,
    state: p.state,
    lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount: l.amount })),
    inspection: p.inspection.map((line) => ({ ...line, attachmentIds: line.attachmentIds ?? [] })),
    inspectionAttachmentIds: p.inspectionAttachmentIds ?? [],
    reasonId: p.reasonId,
    comment: p.comment,
    attachmentIds: p.attachmentIds,
    trackingNumber: p.trackingNumber,
    returnAddress: p.returnAddress,
    returnShippingPaidBy: p.returnShippingPaidBy,
    returnShippingFee: p.returnShippingFee,
    shipBy: iso(p.shipBy),
    decisionDeadlineAt: iso(p.decisionDeadlineAt),
    decidedAt: iso(p.decidedAt),
    decidedBy: p.decidedBy,
    rejectionReasonId: p.rejectionReasonId,
    rejectionComment: p.rejectionComment,
    rejectedAt: iso(p.rejectedAt),
    disputeDeadlineAt: iso(returnCase.disputeDeadlineAt),
    arbitrationFrom: p.arbitrationFrom,
    arbitrationDecision: p.arbitrationDecision,
    compensationOffers: p.compensationOffers.map((o) => ({
      id: o.id,
      amount: o.amount,
      state: o.state,
      offeredAt: iso(o.offeredAt)!,
      expiresAt: iso(o.expiresAt),
      answeredAt: iso(o.answeredAt),
    })),
    linesAmount: returnCase.linesAmount,
    suggestedRefund: returnCase.suggestedRefund,
    refunded: returnCase.refunded,
    closeReason: p.closeReason,
    closedAt: iso(p.closedAt),
    createdAt: iso(p.createdAt)!,
    updatedAt: iso(p.updatedAt)!,
  };
}

export function returnView(row: ReturnCaseOrmEntity): ReturnView {
  return returnCaseView(returnCaseToDomain(row));
}

export function parcelView(row: ParcelOrmEntity): ParcelView {
  return {
    id: row.id,
    sellerId: row.sellerId,
    code: row.code,
    condition: row.condition,
    note: row.note,
    attachmentIds: row.attachmentIds,
    returnId: row.returnId,
    candidateReturnIds: row.candidateReturnIds,
    receivedBy: row.receivedBy.id ?? row.receivedBy.kind,
    receivedAt: iso(row.receivedAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function messageView(row: MessageOrmEntity): MessageView {
  return {
    id: row.id,
    sellerId: row.sellerId,
    caseType: row.caseType,
    caseId: row.caseId,
    author: row.author,
    body: row.body,
    attachmentIds: row.attachmentIds ?? [],
    createdAt: iso(row.createdAt)!,
  };
}

export function attachmentView(row: AttachmentOrmEntity): AttachmentView {
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size };
}

/** A team member as the admin sees them; the password hash never leaves the api. */
export function userRecordView(user: UserOrmEntity): UserRecord {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sellerId: user.sellerId,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** The user as login and `GET /auth/me` answer. */
export function userView(user: UserOrmEntity): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, sellerId: user.sellerId };
}
