import { Module, OnModuleInit } from '@nestjs/common';
import { envNumber } from '@aftersale/server/messaging';
import { PeriodicTasks } from '../infrastructure/periodic-tasks.service';
import { EventReactions } from './event-reactions.service';
import { OutboxRelay } from './outbox-relay.service';
import { RecoverySweep } from './recovery-sweep.service';

/**
 * After the commit (docs/architecture.md#outbox-and-inbox): the outbox relay, the event reactions the other contexts
 * register with, and the recovery sweep.
 */
@Module({
  providers: [OutboxRelay, EventReactions, RecoverySweep],
  exports: [EventReactions],
})
export class EventsModule implements OnModuleInit {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly recovery: RecoverySweep,
    private readonly loops: PeriodicTasks,
  ) {}

  onModuleInit(): void {
    this.loops.register({
      name: 'outbox relay',
      everyMs: () => envNumber('OUTBOX_POLL_MS', 100),
      run: () => this.relay.drain(),
    });
    this.loops.register({
      name: 'recovery sweep',
      everyMs: () => envNumber('RECOVERY_SWEEP_MS', 15000),
      run: () => this.recovery.sweep(envNumber('RECOVERY_AFTER_MS', 30000)),
    });
  }
}
