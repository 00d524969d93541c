import { Module, OnModuleInit } from '@nestjs/common';
import { DeadlineTimerRows, onDataSource } from '@aftersale/server/persistence';

import { PeriodicTasks } from '../infrastructure/periodic-tasks.service';
import { EventReactions } from '../events/event-reactions.service';
import { EventsModule } from '../events/events.module';
import { AcceptCompensationCommandHandler } from './accept-compensation/accept-compensation.command-handler';
import { ApproveReturnCommandHandler } from './approve-return/approve-return.command-handler';
import { ArbitrateReturnCommandHandler } from './arbitrate-return/arbitrate-return.command-handler';
import { CloseReturnCommandHandler } from './close-return/close-return.command-handler';
import { CreateReturnCommandHandler } from './create-return/create-return.command-handler';
import { DeclineCompensationCommandHandler } from './decline-compensation/decline-compensation.command-handler';
import { DisputeReturnCommandHandler } from './dispute-return/dispute-return.command-handler';
import { ReturnDeadlines } from './expire-return-deadlines/return-deadlines.service';
import { InspectReturnCommandHandler } from './inspect-return/inspect-return.command-handler';
import { OfferCompensationCommandHandler } from './offer-compensation/offer-compensation.command-handler';
import { RefundReturnCommandHandler } from './refund-return/refund-return.command-handler';
import { RejectReturnAfterInspectionCommandHandler } from './reject-return-after-inspection/reject-return-after-inspection.command-handler';
import { RejectReturnCommandHandler } from './reject-return/reject-return.command-handler';
import { ShipReturnCommandHandler } from './ship-return/ship-return.command-handler';
import { WithdrawReturnCommandHandler } from './withdraw-return/withdraw-return.command-handler';

/**
 * Return cases: their commands, and their timers — a delayed job for the case's next deadline, re-armed on each
 * of its events, and the deadline sweep (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps).
 */
@Module({
  imports: [EventsModule],
  providers: [
    CreateReturnCommandHandler,
    ApproveReturnCommandHandler,
    RejectReturnCommandHandler,
    OfferCompensationCommandHandler,
    AcceptCompensationCommandHandler,
    DeclineCompensationCommandHandler,
    ShipReturnCommandHandler,
    InspectReturnCommandHandler,
    RejectReturnAfterInspectionCommandHandler,
    RefundReturnCommandHandler,
    WithdrawReturnCommandHandler,
    DisputeReturnCommandHandler,
    ArbitrateReturnCommandHandler,
    CloseReturnCommandHandler,
    ReturnDeadlines,
    onDataSource(DeadlineTimerRows),
  ],
})
export class ReturnsModule implements OnModuleInit {
  constructor(
    private readonly deadlines: ReturnDeadlines,
    private readonly reactions: EventReactions,
    private readonly loops: PeriodicTasks,
  ) {}

  onModuleInit(): void {
    this.reactions.register({
      consumer: 'schedule-return-deadline',
      to: (event) => event.aggregateType === 'return',
      react: (event) => this.deadlines.schedule(event),
    });
    this.loops.register({
      name: 'deadline sweep',
      everyMs: (config) => config.deadlineSweepMs,
      run: () => this.deadlines.sweep(),
    });
  }
}
