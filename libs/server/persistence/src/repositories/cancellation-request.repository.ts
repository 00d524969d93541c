import { EntityManager } from 'typeorm';
import { CancellationRequest } from '@aftersale/domain';
import { CancellationRequestOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';

export class CancellationRequestRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, sellerId?: string | null): Promise<CancellationRequest | null> {
    const row = await this.manager
      .getRepository(CancellationRequestOrmEntity)
      .findOne({ where: sellerId ? { id, sellerId } : { id } });
    return row ? CancellationRequest.fromSnapshot({ ...row }) : null;
  }

  async save(request: CancellationRequest): Promise<CancellationRequestOrmEntity> {
    const row = { ...request.toSnapshot() };
    await writeVersioned(this.manager, CancellationRequestOrmEntity, 'CancellationRequest', row);
    return Object.assign(new CancellationRequestOrmEntity(), row, { version: row.version + 1 });
  }
}
