import { DataSource, EntityManager } from 'typeorm';
import type { ReasonKind } from '@aftersale/contracts';
import { ReasonOrmEntity } from '../entities/reason.orm-entity';

/** The reason catalogues (reference data from the migrations), provided with `onDataSource`. */
export class ReasonRows {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<ReasonOrmEntity[]> {
    return this.dataSource.getRepository(ReasonOrmEntity).find({ order: { position: 'ASC' } });
  }
}

/** A reason of the catalogue of this kind, in the caller's transaction; null when there is none. */
export function reasonOfKind(manager: EntityManager, id: string, kind: ReasonKind): Promise<ReasonOrmEntity | null> {
  return manager.getRepository(ReasonOrmEntity).findOneBy({ id, kind });
}
