import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CommandJobName, JobName } from '@aftersale/contracts';
import { matchParcel } from '@aftersale/domain';
import { ParcelOrmEntity, ReturnCaseOrmEntity, TenantRecords } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, DECIDERS, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { CommandGateway } from '../infrastructure/commands/command-gateway.service';
import { CommandTarget, RecordCommands, RecordRequest } from '../infrastructure/commands/record-commands';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
import { PARCEL_READS } from './parcel-reads';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { findVisible } from '../infrastructure/tenancy';
import { AssignParcelDto, ParcelConditionDto, ReceiveParcelDto } from '../returns/return-dtos';
import { assertSellerAttachments, attachmentsOfRecordSeller } from '../attachments/attachment-ownership';

type Key = string | undefined;
const RECEIVERS = ['warehouse', ...DECIDERS] as const;

const PARCEL: CommandTarget<ParcelOrmEntity> = {
  entity: ParcelOrmEntity,
  what: 'parcel',
  path: 'parcels',
  resourceType: 'parcel',
  idField: 'parcelId',
  check: attachmentsOfRecordSeller,
};

/** Warehouse receiving (docs/rules.md#parcels-and-matching): scans, condition and photos, unmatched parcels for the seller. */
@ApiTags('parcels')
@ApiSecurity('bearer')
@Controller('v1/parcels')
export class ParcelsController extends RecordReadRoutes(PARCEL_READS, [...SELLER_ROLES, 'warehouse', 'ops']) {
  constructor(
    private readonly tenantRecords: TenantRecords,
    private readonly commands: CommandGateway,
    private readonly records: RecordCommands,
  ) {
    super();
  }

  /** Answers 200 `{ parcel, returnId | null, alreadyReceived }` — a scan is recorded even when it matches nothing. */
  @Post('receive')
  @HttpCode(200)
  @Allow(...RECEIVERS)
  async receive(
    @Body() body: ReceiveParcelDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ): Promise<void> {
    await assertSellerAttachments(this.tenantRecords, principal.sellerId!, body.attachmentIds);
    // The scan names the case its code matches now, so that the ship-by timer gives way to a scan accepted
    // before the expiry (docs/api.md "Deadlines and the clock"); once applied, the command names its parcel.
    const cases = await this.tenantRecords.returnCasesByCode(principal.sellerId!, body.code);
    const match = matchParcel(
      body.code,
      cases.map((c) => ({
        id: c.id,
        trackingNumber: c.trackingNumber,
        postingNumber: c.postingNumber,
        state: c.state,
      })),
    );
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type: JobName.ReceiveParcel,
        payload: { ...body },
        sellerId: principal.sellerId,
        requestKey: 'POST /parcels/receive',
        idempotencyKey: key,
        ...(match.matched ? { resourceType: 'return', resourceId: match.returnId } : { resourceType: 'parcel' }),
        successStatus: 200,
      }),
    );
  }

  @Post(':id/condition')
  @HttpCode(200)
  @Allow(...RECEIVERS)
  async condition(
    @Param('id', IdPipe) id: string,
    @Body() body: ParcelConditionDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ): Promise<void> {
    return this.command(JobName.RecordParcelCondition, 'condition', { id, principal, key, response }, { ...body });
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Allow(...DECIDERS)
  async assign(
    @Param('id', IdPipe) id: string,
    @Body() body: AssignParcelDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: Key,
    @Res() response: Response,
  ): Promise<void> {
    const parcel = await findVisible(this.tenantRecords, ParcelOrmEntity, id, principal, 'parcel');
    const returnCase = await findVisible(
      this.tenantRecords,
      ReturnCaseOrmEntity,
      body.returnId,
      principal,
      'return case',
    );
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type: JobName.AssignParcel,
        payload: { parcelId: parcel.id, returnId: returnCase.id },
        sellerId: parcel.sellerId,
        requestKey: `POST /parcels/${parcel.id}/assign`,
        idempotencyKey: key,
        // about the case, as a scan that matched it: the ship-by timer gives way to an assignment accepted before
        // the expiry (docs/api.md "Deadlines and the clock"); once applied, the command names its parcel
        resourceType: 'return',
        resourceId: returnCase.id,
        successStatus: 200,
      }),
    );
  }

  /** parcel commands: find the record, send, answer (infrastructure/commands/record-commands.ts) */
  private command(type: CommandJobName, verb: string, request: RecordRequest, body?: Record<string, unknown>) {
    return this.records.send(PARCEL, type, verb, request, body);
  }
}
