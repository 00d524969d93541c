import { Injectable } from '@nestjs/common';
import { Response } from 'express';
import { EntityTarget } from 'typeorm';
import { CommandJobName } from '@aftersale/contracts';
import { TenantRecords } from '@aftersale/server/persistence';
import { Principal, tenantOf } from '../auth/principal';
import { isUuid } from '../problems/id.pipe';
import { notFound } from '../problems/problem.exception';
import { findVisible } from '../tenancy';
import { CommandAbout, CommandGateway } from './command-gateway.service';
import { sendCommandAnswer } from './command-response';

/** A record commands act on (`POST /<path>/:id/<verb>`), and how the command names it. */
export interface CommandTarget<Row extends { id: string; sellerId: string }> {
  entity: EntityTarget<Row>;
  /** what a 404 calls it */
  what: string;
  /** the collection in the request key: `POST /<path>/<id>/<verb>` */
  path: string;
  /** the command's resource type (its `Location` and its row in `commands`) */
  resourceType: string;
  /** the payload field that names the record for the worker */
  idField: string;
  /** checks of the body against the found record (returns: the evidence must be the seller's own uploads) */
  check?: (records: TenantRecords, record: Row, body: Record<string, unknown>) => Promise<void>;
}

/** The request a record command answers: the record's id from the path, who asks, their Idempotency-Key. */
export interface RecordRequest {
  id: string;
  principal: Principal;
  key: string | undefined;
  response: Response;
}

/**
 * A command about one existing record, the shape of every `POST /<records>/:id/<verb>`: find the record the
 * principal may see (another seller's is a 404) — in the statement that records the command, unless the body is
 * checked against the record first — send the command, answer with its outcome (docs/api.md "Commands").
 */
@Injectable()
export class RecordCommands {
  constructor(
    private readonly records: TenantRecords,
    private readonly commands: CommandGateway,
  ) {}

  async send<Row extends { id: string; sellerId: string }>(
    target: CommandTarget<Row>,
    type: CommandJobName,
    verb: string,
    { id, principal, key, response }: RecordRequest,
    body: Record<string, unknown> = {},
  ): Promise<void> {
    // the whole record only where the body is checked against it; otherwise the statement that records the command
    // looks it up (docs/benchmarks.md, 34)
    if (!isUuid(id)) throw notFound(target.what);
    const recordId = id.toLowerCase();
    let about: CommandAbout | undefined;
    let sellerId: string | null = null;
    if (target.check) {
      const found = await findVisible(this.records, target.entity, recordId, principal, target.what);
      await target.check(this.records, found, body);
      sellerId = found.sellerId;
    } else about = { entity: target.entity, id: recordId, tenant: tenantOf(principal), what: target.what };
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, [target.idField]: recordId },
        sellerId,
        requestKey: `POST /${target.path}/${recordId}/${verb}`,
        idempotencyKey: key,
        resourceType: target.resourceType,
        resourceId: recordId,
        successStatus: 200,
        about,
      }),
    );
  }
}
