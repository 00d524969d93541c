import { Module, OnModuleInit } from '@nestjs/common';
import { onDataSource, RefundAttemptRows } from '@aftersale/server/persistence';
import { EventReactions } from '../events/event-reactions.service';
import { EventsModule } from '../events/events.module';
import { RefundExecution } from './execute-refund/refund-execution.service';
import { RetryRefundCommandHandler } from './retry-refund/retry-refund.command-handler';
import { VoidRefundCommandHandler } from './void-refund/void-refund.command-handler';

/**
 * Refunds after they are issued (`issue-refund.ts`, called in the deciding context's transaction): paying them
 * through the payment port on `RefundCreated` and `RefundRetryRequested` (in the event's job; an `ExecuteRefund`
 * job retries a failed attempt), a person's retry and void.
 */
@Module({
  imports: [EventsModule],
  providers: [onDataSource(RefundAttemptRows), RetryRefundCommandHandler, VoidRefundCommandHandler, RefundExecution],
})
export class RefundsModule implements OnModuleInit {
  constructor(
    private readonly execution: RefundExecution,
    private readonly reactions: EventReactions,
  ) {}

  onModuleInit(): void {
    this.reactions.register({
      consumer: 'execute-refund',
      to: (event) => event.type === 'RefundCreated' || event.type === 'RefundRetryRequested',
      react: (event, delivery) => this.execution.payNow(event, delivery),
    });
  }
}
