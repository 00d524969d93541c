/**
 * Queues by flow (architecture.md rule 7) and the jobs each carries. A command job carries only the
 * command id: the command row in PostgreSQL holds the payload, so a job lost with Redis can be rebuilt.
 */
export enum QueueName {
  Orders = 'orders',
  Cancellations = 'cancellations',
  Returns = 'returns',
  Events = 'events',
  Refunds = 'refunds',
  Deadlines = 'deadlines',
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
  // refunds
  RetryRefund = 'RetryRefund',
  VoidRefund = 'VoidRefund',
  ExecuteRefund = 'ExecuteRefund',
  // events
  PublishedEvent = 'PublishedEvent',
  // deadlines
  CancellationDeadline = 'CancellationDeadline',
}

export interface CommandJobData {
  commandId: string;
}
export interface EventJobData {
  outboxId: string;
}
export interface ExecuteRefundJobData {
  refundId: string;
}
export interface DeadlineJobData {
  caseId: string;
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
  [JobName.RetryRefund]: QueueName.Refunds,
  [JobName.VoidRefund]: QueueName.Refunds,
  [JobName.ExecuteRefund]: QueueName.Refunds,
  [JobName.PublishedEvent]: QueueName.Events,
  [JobName.CancellationDeadline]: QueueName.Deadlines,
} as const satisfies Record<JobName, QueueName>;

export interface JobPayloads {
  [JobName.ExecuteRefund]: ExecuteRefundJobData;
  [JobName.PublishedEvent]: EventJobData;
  [JobName.CancellationDeadline]: DeadlineJobData;
}
export type CommandJobName = Exclude<JobName, keyof JobPayloads>;
export type JobOf<N extends JobName> = N extends keyof JobPayloads ? JobPayloads[N] : CommandJobData;
