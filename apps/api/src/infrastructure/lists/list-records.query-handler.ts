import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, ObjectLiteral } from 'typeorm';
import { scoped } from '../tenancy';
import { Page, queryPage } from './list-params';
import { ListRecordsQuery } from './record-reads';

@QueryHandler(ListRecordsQuery)
export class ListRecordsQueryHandler implements IQueryHandler<ListRecordsQuery> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  execute({ records, principal, params }: ListRecordsQuery<ObjectLiteral, unknown>): Promise<Page<unknown>> {
    const repository = this.dataSource.getRepository(records.entity);
    const relations = records.relations ?? [];
    // the page alone (read in index order), then the page's relations in one query: a join would make TypeORM
    // page over DISTINCT ids of the joined rows, i.e. all of the seller's records (docs/benchmarks.md)
    const load =
      relations.length === 0
        ? undefined
        : async (rows: ObjectLiteral[]) => {
            const loaded = await repository.find({
              where: { id: In(rows.map((row) => row.id)) },
              relations: Object.fromEntries(relations.map((relation) => [relation, true])),
            });
            const byId = new Map(loaded.map((row) => [row.id, row]));
            for (const row of rows) for (const relation of relations) row[relation] = byId.get(row.id)?.[relation];
          };
    return queryPage(
      scoped(repository.createQueryBuilder(records.alias), principal),
      params,
      records.list,
      records.view,
      load,
    );
  }
}
