import { RecordReads } from '../infrastructure/lists/record-reads';
import { ParcelOrmEntity, parcelView } from '@aftersale/server/persistence';
import { FilterApplier, ListSpec, matchingId, textSearch } from '../infrastructure/lists/list-params';
import { validationFailed } from '../infrastructure/problems/problem.exception';

const matched: FilterApplier<ParcelOrmEntity> = (qb, value) => {
  if (typeof value !== 'boolean')
    throw validationFailed([{ field: 'filter.matched', message: 'must be true or false' }]);
  qb.andWhere(value ? 'p.return_id IS NOT NULL' : 'p.return_id IS NULL');
};

export const PARCELS_LIST: ListSpec<ParcelOrmEntity> = {
  resource: 'parcels',
  sortable: {
    id: 'p.id',
    createdAt: 'p.received_at',
    receivedAt: 'p.received_at',
    updatedAt: 'p.updated_at',
    code: 'p.code',
  },
  perSeller: ['matched'],
  filters: {
    matched,
    /** the parcels received for the order's return cases (the order's page) */
    orderId: matchingId((p) => `p.return_id IN (SELECT rc.id FROM return_cases rc WHERE rc.order_id = :${p})`),
    q: textSearch((p) => `lower(p.code) LIKE :${p}`),
  },
};

/** `GET /parcels` and `GET /parcels/:id` */
export const PARCEL_READS: RecordReads<ParcelOrmEntity, ReturnType<typeof parcelView>> = {
  entity: ParcelOrmEntity,
  what: 'parcel',
  alias: 'p',
  list: PARCELS_LIST,
  view: parcelView,
};
