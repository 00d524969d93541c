import { Injectable } from '@nestjs/common';
import { OutboxLagView } from '@aftersale/contracts';
import { OpsReads } from '@aftersale/server/persistence';

/**
 * The outbox's lag (docs/operations.md "Outbox lag"): events committed but not yet published by the relay,
 * and published events not yet handled. Both use partial indexes (outbox_unpublished, outbox_unprocessed).
 */
@Injectable()
export class OutboxLagService {
  constructor(private readonly reads: OpsReads) {}

  async read(): Promise<OutboxLagView> {
    const row = await this.reads.outboxBacklog();
    return {
      unpublished: row.unpublished,
      lagSeconds: Math.max(0, row.lag),
      unprocessed: row.unprocessed,
      processingLagSeconds: Math.max(0, row.processing_lag),
    };
  }
}
