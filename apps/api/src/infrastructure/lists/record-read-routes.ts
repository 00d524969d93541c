import { applyDecorators, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Response } from 'express';
import { ObjectLiteral } from 'typeorm';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators';
import { Permit, Principal } from '../auth/principal';
import { getRecord, listRecords, RecordReads } from './record-reads';

/**
 * `GET /<records>` and `GET /<records>/:id` of a resource read as stored, for its controller to extend
 * (`class OrdersController extends RecordReadRoutes(ORDER_READS, READERS)`), with `permits` on both routes (none: the
 * controller's own). A controller that adds to a record overrides `one` with its own `@Get(':id')`.
 */
export function RecordReadRoutes<Row extends ObjectLiteral, View>(reads: RecordReads<Row, View>, permits?: Permit[]) {
  const allowed = applyDecorators(...(permits ? [Allow(...permits)] : []));

  abstract class Routes {
    @Inject(QueryBus) protected readonly queries!: QueryBus;

    @Get()
    @allowed
    list(
      @Query() query: Record<string, unknown>,
      @CurrentPrincipal() principal: Principal,
      @Res({ passthrough: true }) response: Response,
    ): Promise<View[]> {
      return listRecords(this.queries, reads, query, principal, response);
    }

    @Get(':id')
    @allowed
    one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<View> {
      return getRecord(this.queries, reads, id, principal);
    }
  }
  return Routes;
}
