import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DeadlineJobData, EventJobData, ExecuteRefundJobData, JobName } from '@aftersale/contracts';
import { dataSourceOptions } from '@aftersale/server/persistence';
import { createJsonLogger, loadServerConfig, ServerConfig } from '@aftersale/server/messaging';
import { LoggerModule } from 'nestjs-pino';
import { CommandExecution } from './infrastructure/command-execution.service';
import { CommandJobs } from './infrastructure/command-jobs.service';
import { JobHandlerRegistry } from './infrastructure/job-handlers';
import { QueueWorkers } from './infrastructure/queue-workers.service';
import { PeriodicTasks } from './infrastructure/periodic-tasks.service';
import { workerPoolSize } from './infrastructure/database-pool';
import { RetentionSweep } from './retention/retention-sweep.service';
import { OutboxRelay } from './events/outbox-relay.service';
import { EventReactions } from './events/event-reactions.service';
import { RecoverySweep } from './events/recovery-sweep.service';
import { PaymentPort } from './payments/payment.port';
import { PAYMENT_ADAPTERS, paymentAdapterName } from './payments/payment-adapters';
import { WorkerMetrics } from './ops/metrics/worker-metrics';
import { CreateOrderCommand } from './orders/create-order/create-order.command';
import { CreateOrderCommandHandler } from './orders/create-order/create-order.command-handler';
import { ProcessOrderCommand } from './orders/process-order/process-order.command';
import { ProcessOrderCommandHandler } from './orders/process-order/process-order.command-handler';
import { ShipOrderCommand } from './orders/ship-order/ship-order.command';
import { ShipOrderCommandHandler } from './orders/ship-order/ship-order.command-handler';
import { DeliverOrderCommand } from './orders/deliver-order/deliver-order.command';
import { DeliverOrderCommandHandler } from './orders/deliver-order/deliver-order.command-handler';
import { RefuseDeliveryCommand } from './orders/refuse-delivery/refuse-delivery.command';
import { RefuseDeliveryCommandHandler } from './orders/refuse-delivery/refuse-delivery.command-handler';
import { CancelOrderBySellerCommand } from './orders/cancel-order-by-seller/cancel-order-by-seller.command';
import { CancelOrderBySellerCommandHandler } from './orders/cancel-order-by-seller/cancel-order-by-seller.command-handler';
import { CreateCancellationCommand } from './cancellations/create-cancellation/create-cancellation.command';
import { CreateCancellationCommandHandler } from './cancellations/create-cancellation/create-cancellation.command-handler';
import { ApproveCancellationCommand } from './cancellations/approve-cancellation/approve-cancellation.command';
import { ApproveCancellationCommandHandler } from './cancellations/approve-cancellation/approve-cancellation.command-handler';
import { RejectCancellationCommand } from './cancellations/reject-cancellation/reject-cancellation.command';
import { RejectCancellationCommandHandler } from './cancellations/reject-cancellation/reject-cancellation.command-handler';
import { WithdrawCancellationCommand } from './cancellations/withdraw-cancellation/withdraw-cancellation.command';
import { WithdrawCancellationCommandHandler } from './cancellations/withdraw-cancellation/withdraw-cancellation.command-handler';
import { CancellationDeadlines } from './cancellations/expire-cancellation-deadline/cancellation-deadlines.service';
import { RetryRefundCommand } from './refunds/retry-refund/retry-refund.command';
import { RetryRefundCommandHandler } from './refunds/retry-refund/retry-refund.command-handler';
import { VoidRefundCommand } from './refunds/void-refund/void-refund.command';
import { VoidRefundCommandHandler } from './refunds/void-refund/void-refund.command-handler';
import { RefundExecution } from './refunds/execute-refund/refund-execution.service';
import { ReturnDeadlines } from './returns/expire-return-deadlines/return-deadlines.service';
import { AssignParcelCommand } from './parcels/assign-parcel/assign-parcel.command';
import { AssignParcelCommandHandler } from './parcels/assign-parcel/assign-parcel.command-handler';
import { ReceiveParcelCommand } from './parcels/receive-parcel/receive-parcel.command';
import { ReceiveParcelCommandHandler } from './parcels/receive-parcel/receive-parcel.command-handler';
import { RecordParcelConditionCommand } from './parcels/record-parcel-condition/record-parcel-condition.command';
import { RecordParcelConditionCommandHandler } from './parcels/record-parcel-condition/record-parcel-condition.command-handler';
import { AcceptCompensationCommand } from './returns/accept-compensation/accept-compensation.command';
import { AcceptCompensationCommandHandler } from './returns/accept-compensation/accept-compensation.command-handler';
import { ApproveReturnCommand } from './returns/approve-return/approve-return.command';
import { ApproveReturnCommandHandler } from './returns/approve-return/approve-return.command-handler';
import { ArbitrateReturnCommand } from './returns/arbitrate-return/arbitrate-return.command';
import { ArbitrateReturnCommandHandler } from './returns/arbitrate-return/arbitrate-return.command-handler';
import { CloseReturnCommand } from './returns/close-return/close-return.command';
import { CloseReturnCommandHandler } from './returns/close-return/close-return.command-handler';
import { CreateReturnCommand } from './returns/create-return/create-return.command';
import { CreateReturnCommandHandler } from './returns/create-return/create-return.command-handler';
import { DeclineCompensationCommand } from './returns/decline-compensation/decline-compensation.command';
import { DeclineCompensationCommandHandler } from './returns/decline-compensation/decline-compensation.command-handler';
import { DisputeReturnCommand } from './returns/dispute-return/dispute-return.command';
import { DisputeReturnCommandHandler } from './returns/dispute-return/dispute-return.command-handler';
import { InspectReturnCommand } from './returns/inspect-return/inspect-return.command';
import { InspectReturnCommandHandler } from './returns/inspect-return/inspect-return.command-handler';
import { OfferCompensationCommand } from './returns/offer-compensation/offer-compensation.command';
import { OfferCompensationCommandHandler } from './returns/offer-compensation/offer-compensation.command-handler';
import { RefundReturnCommand } from './returns/refund-return/refund-return.command';
import { RefundReturnCommandHandler } from './returns/refund-return/refund-return.command-handler';
import { RejectReturnAfterInspectionCommand } from './returns/reject-return-after-inspection/reject-return-after-inspection.command';
import { RejectReturnAfterInspectionCommandHandler } from './returns/reject-return-after-inspection/reject-return-after-inspection.command-handler';
import { RejectReturnCommand } from './returns/reject-return/reject-return.command';
import { RejectReturnCommandHandler } from './returns/reject-return/reject-return.command-handler';
import { ShipReturnCommand } from './returns/ship-return/ship-return.command';
import { ShipReturnCommandHandler } from './returns/ship-return/ship-return.command-handler';
import { WithdrawReturnCommand } from './returns/withdraw-return/withdraw-return.command';
import { WithdrawReturnCommandHandler } from './returns/withdraw-return/withdraw-return.command-handler';
import { ATTACHMENT_PROVIDERS } from './attachments/attachments.providers';
import { UnusedUploads } from './attachments/remove-unused-uploads/unused-uploads.service';
import { MarketplaceModule } from './marketplace/marketplace.module';

const COMMAND_HANDLERS = [
  CreateOrderCommandHandler,
  ProcessOrderCommandHandler,
  ShipOrderCommandHandler,
  DeliverOrderCommandHandler,
  RefuseDeliveryCommandHandler,
  CancelOrderBySellerCommandHandler,
  CreateCancellationCommandHandler,
  ApproveCancellationCommandHandler,
  RejectCancellationCommandHandler,
  WithdrawCancellationCommandHandler,
  RetryRefundCommandHandler,
  VoidRefundCommandHandler,
  AssignParcelCommandHandler,
  ReceiveParcelCommandHandler,
  RecordParcelConditionCommandHandler,
  AcceptCompensationCommandHandler,
  ApproveReturnCommandHandler,
  ArbitrateReturnCommandHandler,
  CloseReturnCommandHandler,
  CreateReturnCommandHandler,
  DeclineCompensationCommandHandler,
  DisputeReturnCommandHandler,
  InspectReturnCommandHandler,
  OfferCompensationCommandHandler,
  RefundReturnCommandHandler,
  RejectReturnAfterInspectionCommandHandler,
  RejectReturnCommandHandler,
  ShipReturnCommandHandler,
  WithdrawReturnCommandHandler,
];

export interface WorkerModuleOptions {
  /** wraps the configured payment adapter (the tests count the port's calls through it) */
  decoratePayments?: (adapter: PaymentPort) => PaymentPort;
}

/** The configuration's module (global: each context injects ServerConfig). */
@Module({})
class ConfigurationModule {}

@Module({})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly commandJobs: CommandJobs,
    private readonly registry: JobHandlerRegistry,
    private readonly reactions: EventReactions,
    private readonly refunds: RefundExecution,
    private readonly deadlines: CancellationDeadlines,
    private readonly returnDeadlines: ReturnDeadlines,
  ) {}

  static forRoot(config: ServerConfig = loadServerConfig(), options: WorkerModuleOptions = {}): DynamicModule {
    const paymentAdapter = PAYMENT_ADAPTERS[paymentAdapterName(config)];
    return {
      module: WorkerModule,
      imports: [
        CqrsModule.forRoot(),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, workerPoolSize(config))),
        // JSON lines with the correlation id of the job being handled (docs/operations.md "Logs")
        LoggerModule.forRoot({ pinoHttp: { logger: createJsonLogger('worker', config.logLevel) } }),
        // the configuration, injectable in every context module
        {
          module: ConfigurationModule,
          global: true,
          providers: [{ provide: ServerConfig, useValue: config }],
          exports: [ServerConfig],
        },
        MarketplaceModule,
      ],
      providers: [
        WorkerMetrics,
        JobHandlerRegistry,
        QueueWorkers,
        CommandExecution,
        CommandJobs,
        OutboxRelay,
        EventReactions,
        RecoverySweep,
        RetentionSweep,
        PeriodicTasks,
        CancellationDeadlines,
        ReturnDeadlines,
        RefundExecution,
        paymentAdapter,
        {
          provide: PaymentPort,
          useFactory: (adapter: PaymentPort) => options.decoratePayments?.(adapter) ?? adapter,
          inject: [paymentAdapter],
        },
        ...COMMAND_HANDLERS,
        ...ATTACHMENT_PROVIDERS,
      ],
      exports: [
        WorkerMetrics,
        QueueWorkers,
        OutboxRelay,
        RecoverySweep,
        CancellationDeadlines,
        ReturnDeadlines,
        RefundExecution,
        PaymentPort,
        PeriodicTasks,
        RetentionSweep,
        CommandExecution,
        UnusedUploads,
      ],
    };
  }

  /** Every job name gets its one handler here; QueueWorkers checks the list is complete at start-up. */
  onModuleInit(): void {
    this.commandJobs.register({
      [JobName.CreateOrder]: CreateOrderCommand,
      [JobName.ProcessOrder]: ProcessOrderCommand,
      [JobName.ShipOrder]: ShipOrderCommand,
      [JobName.DeliverOrder]: DeliverOrderCommand,
      [JobName.RefuseDelivery]: RefuseDeliveryCommand,
      [JobName.CancelOrderBySeller]: CancelOrderBySellerCommand,
      [JobName.CreateCancellation]: CreateCancellationCommand,
      [JobName.ApproveCancellation]: ApproveCancellationCommand,
      [JobName.RejectCancellation]: RejectCancellationCommand,
      [JobName.WithdrawCancellation]: WithdrawCancellationCommand,
      [JobName.RetryRefund]: RetryRefundCommand,
      [JobName.VoidRefund]: VoidRefundCommand,
      [JobName.AssignParcel]: AssignParcelCommand,
      [JobName.ReceiveParcel]: ReceiveParcelCommand,
      [JobName.RecordParcelCondition]: RecordParcelConditionCommand,
      [JobName.AcceptCompensation]: AcceptCompensationCommand,
      [JobName.ApproveReturn]: ApproveReturnCommand,
      [JobName.ArbitrateReturn]: ArbitrateReturnCommand,
      [JobName.CloseReturn]: CloseReturnCommand,
      [JobName.CreateReturn]: CreateReturnCommand,
      [JobName.DeclineCompensation]: DeclineCompensationCommand,
      [JobName.DisputeReturn]: DisputeReturnCommand,
      [JobName.InspectReturn]: InspectReturnCommand,
      [JobName.OfferCompensation]: OfferCompensationCommand,
      [JobName.RefundReturn]: RefundReturnCommand,
      [JobName.RejectReturnAfterInspection]: RejectReturnAfterInspectionCommand,
      [JobName.RejectReturn]: RejectReturnCommand,
      [JobName.ShipReturn]: ShipReturnCommand,
      [JobName.WithdrawReturn]: WithdrawReturnCommand,
    });
    this.registry.register(JobName.PublishedEvent, (job: Job<EventJobData>) => this.reactions.handle(job.data));
    this.registry.register(JobName.ExecuteRefund, (job: Job<ExecuteRefundJobData>) =>
      this.refunds.execute({
        refundId: job.data.refundId,
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    );
    this.registry.register(JobName.CancellationDeadline, (job: Job<DeadlineJobData>) =>
      this.deadlines.fireOnTime(job.data.caseId),
    );
    this.registry.register(JobName.ReturnDeadline, (job: Job<DeadlineJobData>) =>
      this.returnDeadlines.fireOnTime(job.data.caseId),
    );
  }
}
