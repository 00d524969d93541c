import { DataSource, EntityManager } from 'typeorm';
import type { ReasonKind } from '@aftersale/contracts';
import { ReasonOrmEntity } from '../entities/reason.orm-entity';
import { prepared } from '../repositories/prepared';

/** The reason catalogues (reference data from the migrations), provided with `onDataSource`. */
export class ReasonRows {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<ReasonOrmEntity[]> {
    return this.dataSource.getRepository(ReasonOrmEntity).find({ order: { position: 'ASC' } });
  }
}

/**
 * A reason of the catalogue of this kind, in the caller's transaction; null when there is none. A command's read (a
 * rejection's, a new cancellation's): one prepared statement, no entity (docs/benchmarks.md, 38).
 */
export async function reasonOfKind(
  manager: EntityManager,
  id: string,
  kind: ReasonKind,
): Promise<ReasonOrmEntity | null> {
  const [row] = (await manager.query(
    prepared(`SELECT id, kind, labels, is_defect AS "isDefect", is_comment_required AS "isCommentRequired", position
     FROM reasons WHERE id = $1 AND kind = $2`),
    [id, kind],
  )) as ReasonOrmEntity[];
  return row ?? null;
}
