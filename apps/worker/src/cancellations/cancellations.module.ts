import { Module, OnModuleInit } from '@nestjs/common';
import { DeadlineTimerRows, onDataSource } from '@aftersale/server/persistence';

import { PeriodicTasks } from '../infrastructure/periodic-tasks.service';
import { EventReactions } from '../events/event-reactions.service';
import { EventsModule } from '../events/events.module';
import { ApproveCancellationCommandHandler } from './approve-cancellation/approve-cancellation.command-handler';
import { CreateCancellationCommandHandler } from './create-cancellation/create-cancellation.command-handler';
import { CancellationDeadlines } from './expire-cancellation-deadline/cancellation-deadlines.service';
import { RejectCancellationCommandHandler } from './reject-cancellation/reject-cancellation.command-handler';
import { WithdrawCancellationCommandHandler } from './withdraw-cancellation/withdraw-cancellation.command-handler';

/**
 * Cancellation requests: their commands, and the seller's deadline — a delayed job armed on `CancellationRequested`
 * and the deadline sweep (docs/architecture.md#timers-as-columns-delayed-jobs-and-sweeps).
 */
@Module({
  imports: [EventsModule],
  providers: [
    CreateCancellationCommandHandler,
    ApproveCancellationCommandHandler,
    RejectCancellationCommandHandler,
    WithdrawCancellationCommandHandler,
    CancellationDeadlines,
    onDataSource(DeadlineTimerRows),
  ],
})
export class CancellationsModule implements OnModuleInit {
  constructor(
    private readonly deadlines: CancellationDeadlines,
    private readonly reactions: EventReactions,
    private readonly loops: PeriodicTasks,
  ) {}

  onModuleInit(): void {
    this.reactions.register({
      consumer: 'schedule-cancellation-deadline',
      to: (event) => event.type === 'CancellationRequested',
      react: (event) => this.deadlines.schedule(event),
    });
    this.loops.register({
      name: 'deadline sweep',
      everyMs: (config) => config.deadlineSweepMs,
      run: () => this.deadlines.sweep(),
    });
  }
}
