import { DataSource } from 'typeorm';
import { ReasonOrmEntity } from '../entities/reason.orm-entity';

/** The reason catalogues (reference data from the migrations), provided with `onDataSource`. */
export class ReasonRows {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<ReasonOrmEntity[]> {
    return this.dataSource.getRepository(ReasonOrmEntity).find({ order: { position: 'ASC' } });
  }
}
