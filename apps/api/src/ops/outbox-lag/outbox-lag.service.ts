import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxLagView } from '@aftersale/contracts';

/**
 * The outbox's lag (docs/operations.md "Outbox lag"): events committed but not yet published by the relay,
 * and published events not yet handled. Both use partial indexes (outbox_unpublished, outbox_unprocessed).
 */
@Injectable()
export class OutboxLagService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(): Promise<OutboxLagView> {
    const [row] = await this.dataSource.query(`
      SELECT
        (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS unpublished,
        COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE published_at IS NULL), 0)::float AS lag,
        (SELECT count(*) FROM outbox WHERE published_at IS NOT NULL AND processed_at IS NULL)::int AS unprocessed,
        COALESCE((SELECT extract(epoch FROM now() - min(published_at)) FROM outbox
                   WHERE published_at IS NOT NULL AND processed_at IS NULL), 0)::float AS processing_lag`);
    return {
      unpublished: row.unpublished,
      lagSeconds: Math.max(0, row.lag),
      unprocessed: row.unprocessed,
      processingLagSeconds: Math.max(0, row.processing_lag),
    };
  }
}
