/**
 * Queues by flow (docs/architecture.md#the-message-flow) and the jobs each carries. A command job carries only the
 * command id: the command row in PostgreSQL holds the payload, so a job lost with Redis can be rebuilt.
 */
export enum QueueName {
  Orders = 'orders',
  Cancellations = 'cancellations',
  Returns = 'returns',
  Events = 'events',
  Refunds = 'refunds',
  Deadlines = 'deadlines',
  /** the marketplace connector's imports and pushes (docs/ozon.md#import) */
  Marketplace = 'marketplace',
}

export enum JobName {
  // orders
  CreateOrder = 'CreateOrder',
  ProcessOrder = 'ProcessOrder',
  ShipOrder = 'ShipOrder',
  DeliverOrder = 'DeliverOrder',
  RefuseDelivery = 'RefuseDelivery',
  CancelOrderBySeller = 'CancelOrderBySeller',
  // cancellations
  CreateCancellation = 'CreateCancellation',
  ApproveCancellation = 'ApproveCancellation',
  RejectCancellation = 'RejectCancellation',
  WithdrawCancellation = 'WithdrawCancellation',
  // returns and parcels
  CreateReturn = 'CreateReturn',
  ApproveReturn = 'ApproveReturn',
  RejectReturn = 'RejectReturn',
  OfferCompensation = 'OfferCompensation',
  AcceptCompensation = 'AcceptCompensation',
  DeclineCompensation = 'DeclineCompensation',
  ShipReturn = 'ShipReturn',
  InspectReturn = 'InspectReturn',
  RejectReturnAfterInspection = 'RejectReturnAfterInspection',
  RefundReturn = 'RefundReturn',
  WithdrawReturn = 'WithdrawReturn',
  DisputeReturn = 'DisputeReturn',
  ArbitrateReturn = 'ArbitrateReturn',
  CloseReturn = 'CloseReturn',
  ReceiveParcel = 'ReceiveParcel',
  RecordParcelCondition = 'RecordParcelCondition',
  AssignParcel = 'AssignParcel',
  // refunds
  RetryRefund = 'RetryRefund',
  VoidRefund = 'VoidRefund',
  ExecuteRefund = 'ExecuteRefund',
  // events
  PublishedEvent = 'PublishedEvent',
  // deadlines
  CancellationDeadline = 'CancellationDeadline',
  ReturnDeadline = 'ReturnDeadline',
  // marketplace
  SyncOzon = 'SyncOzon',
  PushOzon = 'PushOzon',
}

/** Every job carries the correlation id of the request that caused it (docs/operations.md), when there was one. */
export interface Correlated {
  correlationId?: string;
}
export interface CommandJobData extends Correlated {
  commandId: string;
}
export interface EventJobData extends Correlated {
  outboxId: string;
  /**
   * The event as its writer committed it, in the job its writer published (docs/architecture.md#outbox-and-inbox):
   * the job's first start reacts to it without reading the outbox row back; any later start reads the row and its
   * inbox. Jobs the relay or the recovery sweep publish carry the id alone.
   */
  event?: CommittedEvent;
}
/** An outbox row's event, as an event job carries it. */
export interface CommittedEvent {
  type: string;
  aggregateType: string;
  payload: Record<string, unknown>;
}
export interface ExecuteRefundJobData extends Correlated {
  refundId: string;
}
export interface DeadlineJobData extends Correlated {
  caseId: string;
}
/** One seller's Ozon import run (docs/ozon.md#import); its job scheduler is `ozon-sync:<sellerId>`. */
export interface MarketplaceSyncJobData extends Correlated {
  sellerId: string;
}
/** A decision of ours to send to Ozon (docs/ozon.md#push); the job id is `ozon-push-<kind>-<localId>`. */
export interface MarketplacePushJobData extends Correlated {
  sellerId: string;
  /**
   * a decision on a cancellation request or the seller's own cancellation (localId: the request), a reply (localId:
   * the message), the seller's decisions on an rFBS return (localId: the return case)
   */
  kind: 'cancellation-decision' | 'chat-reply' | 'seller-cancellation' | 'return-action';
  localId: string;
}

/** Which queue each job name travels on, and what it carries. */
export const JOBS = {
  [JobName.CreateOrder]: QueueName.Orders,
  [JobName.ProcessOrder]: QueueName.Orders,
  [JobName.ShipOrder]: QueueName.Orders,
  [JobName.DeliverOrder]: QueueName.Orders,
  [JobName.RefuseDelivery]: QueueName.Orders,
  [JobName.CancelOrderBySeller]: QueueName.Orders,
  [JobName.CreateCancellation]: QueueName.Cancellations,
  [JobName.ApproveCancellation]: QueueName.Cancellations,
  [JobName.RejectCancellation]: QueueName.Cancellations,
  [JobName.WithdrawCancellation]: QueueName.Cancellations,
  [JobName.CreateReturn]: QueueName.Returns,
  [JobName.ApproveReturn]: QueueName.Returns,
  [JobName.RejectReturn]: QueueName.Returns,
  [JobName.OfferCompensation]: QueueName.Returns,
  [JobName.AcceptCompensation]: QueueName.Returns,
  [JobName.DeclineCompensation]: QueueName.Returns,
  [JobName.ShipReturn]: QueueName.Returns,
  [JobName.InspectReturn]: QueueName.Returns,
  [JobName.RejectReturnAfterInspection]: QueueName.Returns,
  [JobName.RefundReturn]: QueueName.Returns,
  [JobName.WithdrawReturn]: QueueName.Returns,
  [JobName.DisputeReturn]: QueueName.Returns,
  [JobName.ArbitrateReturn]: QueueName.Returns,
  [JobName.CloseReturn]: QueueName.Returns,
  [JobName.ReceiveParcel]: QueueName.Returns,
  [JobName.RecordParcelCondition]: QueueName.Returns,
  [JobName.AssignParcel]: QueueName.Returns,
  [JobName.RetryRefund]: QueueName.Refunds,
  [JobName.VoidRefund]: QueueName.Refunds,
  [JobName.ExecuteRefund]: QueueName.Refunds,
  [JobName.PublishedEvent]: QueueName.Events,
  [JobName.CancellationDeadline]: QueueName.Deadlines,
  [JobName.ReturnDeadline]: QueueName.Deadlines,
  [JobName.SyncOzon]: QueueName.Marketplace,
  [JobName.PushOzon]: QueueName.Marketplace,
} as const satisfies Record<JobName, QueueName>;

export interface JobPayloads {
  [JobName.ExecuteRefund]: ExecuteRefundJobData;
  [JobName.PublishedEvent]: EventJobData;
  [JobName.CancellationDeadline]: DeadlineJobData;
  [JobName.ReturnDeadline]: DeadlineJobData;
  [JobName.SyncOzon]: MarketplaceSyncJobData;
  [JobName.PushOzon]: MarketplacePushJobData;
}
export type CommandJobName = Exclude<JobName, keyof JobPayloads>;
export type JobOf<N extends JobName> = N extends keyof JobPayloads ? JobPayloads[N] : CommandJobData;
