import { Module, OnModuleInit } from '@nestjs/common';
import { onDataSource, PlumbingRetention } from '@aftersale/server/persistence';

import { PeriodicTasks } from '../infrastructure/periodic-tasks.service';
import { RetentionSweep } from './retention-sweep.service';

/** Removing old plumbing rows (README "Retention"). */
@Module({ providers: [onDataSource(PlumbingRetention), RetentionSweep] })
export class RetentionModule implements OnModuleInit {
  constructor(
    private readonly retention: RetentionSweep,
    private readonly loops: PeriodicTasks,
  ) {}

  onModuleInit(): void {
    this.loops.register({
      name: 'retention sweep',
      everyMs: (config) => config.retentionSweepMs,
      run: () => this.retention.sweep(),
    });
  }
}
