import { EntityManager } from 'typeorm';
import { ReturnCase, ReturnCaseProps } from '@aftersale/domain';
import { ReturnCaseOrmEntity } from '../entities';
import { writeVersioned } from './versioned-write';

const DATE_FIELDS = [
  'decisionDeadlineAt',
  'decidedAt',
  'shipBy',
  'shippedAt',
  'receivedAt',
  'inspectedAt',
  'rejectedAt',
  'disputedAt',
  'refundedAt',
  'closedAt',
  'createdAt',
  'updatedAt',
] as const;
const OFFER_DATE_FIELDS = ['offeredAt', 'expiresAt', 'answeredAt'] as const;

const toDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

export function returnCaseToDomain(row: ReturnCaseOrmEntity): ReturnCase {
  const props = { ...row.snapshot, version: row.version } as Record<string, unknown>;
  for (const field of DATE_FIELDS) props[field] = toDate(props[field]);
  props.compensationOffers = ((props.compensationOffers as Record<string, unknown>[]) ?? []).map((offer) => {
    const copy = { ...offer };
    for (const field of OFFER_DATE_FIELDS) copy[field] = toDate(copy[field]);
    return copy;
  });
  return ReturnCase.fromSnapshot(props as unknown as ReturnCaseProps);
}

export class ReturnCaseRepository {
  constructor(private readonly manager: EntityManager) {}

  async find(id: string, sellerId?: string | null): Promise<ReturnCase | null> {
    const row = await this.manager
      .getRepository(ReturnCaseOrmEntity)
      .findOne({ where: sellerId ? { id, sellerId } : { id } });
    return row ? returnCaseToDomain(row) : null;
  }

  async findByOrder(orderId: string): Promise<ReturnCase[]> {
    const rows = await this.manager
      .getRepository(ReturnCaseOrmEntity)
      .find({ where: { orderId }, order: { createdAt: 'ASC' } });
    return rows.map(returnCaseToDomain);
  }

  /** Cases of a seller whose tracking or posting number is the scanned code (case-insensitive). */
  async findByCode(sellerId: string, code: string): Promise<ReturnCase[]> {
    const rows = await this.manager
      .getRepository(ReturnCaseOrmEntity)
      .createQueryBuilder('r')
      .where('r.seller_id = :sellerId', { sellerId })
      .andWhere('(lower(r.tracking_number) = lower(:code) OR lower(r.posting_number) = lower(:code))', {
        code: code.trim(),
      })
      .orderBy('r.created_at', 'ASC')
      .getMany();
    return rows.map(returnCaseToDomain);
  }

  async save(returnCase: ReturnCase): Promise<ReturnCaseOrmEntity> {
    const { version, ...snapshot } = returnCase.toSnapshot();
    const row = {
      id: snapshot.id,
      sellerId: snapshot.sellerId,
      orderId: snapshot.orderId,
      postingNumber: snapshot.postingNumber,
      type: snapshot.type,
      state: snapshot.state,
      trackingNumber: snapshot.trackingNumber,
      nextDeadlineAt: returnCase.nextDeadline?.at ?? null,
      snapshot: JSON.parse(JSON.stringify(snapshot)),
      createdAt: snapshot.createdAt,
      updatedAt: snapshot.updatedAt,
      version,
    };
    await writeVersioned(this.manager, ReturnCaseOrmEntity, 'ReturnCase', row);
    return Object.assign(new ReturnCaseOrmEntity(), row, { version: version + 1 });
  }
}
