import { DataSource, EntityTarget, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ReturnCase } from '@aftersale/domain';
import { ReturnCaseRepository } from '../repositories/return-case.repository';
import { notSellerAttachments } from '../attachments/attachment-ownership';

/**
 * The api's reads of stored records within one tenant (docs/architecture.md#apps-and-libs), provided with
 * `onDataSource`: `sellerId` is the seller whose records the caller may see, null for every seller's (ops). The
 * api turns "none" into its 404 (another seller's record does not exist for you).
 */
export class TenantRecords {
  constructor(private readonly dataSource: DataSource) {}

  /** A query over one entity's rows, the seller's only; the list reads add their filters, order and page. */
  select<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    alias: string,
    sellerId: string | null,
  ): SelectQueryBuilder<T> {
    const qb = this.dataSource.getRepository(target).createQueryBuilder(alias);
    if (sellerId) qb.andWhere(`${alias}.seller_id = :tenant`, { tenant: sellerId });
    return qb;
  }

  /** One record by its (lower-case) id, with these relations joined; null when the seller has none such. */
  find<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    id: string,
    sellerId: string | null,
    relations: string[] = [],
  ): Promise<T | null> {
    const qb = this.dataSource.getRepository(target).createQueryBuilder('r').where('r.id = :id', { id });
    for (const relation of relations) qb.leftJoinAndSelect(`r.${relation}`, relation);
    if (sellerId) qb.andWhere('r.seller_id = :tenant', { tenant: sellerId });
    return qb.getOne();
  }

  /**
   * Completes a page's rows with their relations in one query: a join would make TypeORM page over DISTINCT ids
   * of the joined rows, i.e. all of the seller's records (docs/benchmarks.md).
   */
  async loadRelations<T extends ObjectLiteral>(target: EntityTarget<T>, rows: T[], relations: string[]): Promise<void> {
    const loaded = await this.dataSource.getRepository(target).find({
      where: { id: In(rows.map((row) => row.id)) } as never,
      relations: Object.fromEntries(relations.map((relation) => [relation, true])) as never,
    });
    const byId = new Map(loaded.map((row) => [row.id, row]));
    for (const row of rows)
      for (const relation of relations) (row as ObjectLiteral)[relation] = byId.get(row.id)?.[relation];
  }

  /** Of these attachment ids (lower case, each once), those that are not the seller's own uploads, in their order. */
  notSellerAttachments(sellerId: string, ids: string[]): Promise<string[]> {
    return notSellerAttachments(this.dataSource, sellerId, ids);
  }

  /** The seller's return cases a parcel's scanned code may belong to (its tracking or posting number). */
  returnCasesByCode(sellerId: string, code: string): Promise<ReturnCase[]> {
    return new ReturnCaseRepository(this.dataSource.manager).findByCode(sellerId, code);
  }
}
