import { ListParams } from '@aftersale/contracts';
import { Principal } from '../auth/principal';

/** A page of a resource as the principal may see it. */
export abstract class ListQuery {
  constructor(
    readonly principal: Principal,
    readonly params: ListParams,
  ) {}
}

/** One record by id, 404 when the principal may not see it. */
export abstract class GetQuery {
  constructor(
    readonly principal: Principal,
    readonly id: string,
  ) {}
}
