import { Injectable } from '@nestjs/common';
import { Response } from 'express';
import { EntityTarget } from 'typeorm';
import { CommandJobName } from '@aftersale/contracts';
import { TenantRecords } from '@aftersale/server/persistence';
import { Principal } from '../auth/principal';
import { findVisible, ownerOfVisible } from '../tenancy';
import { CommandGateway } from './command-gateway.service';
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
 * principal may see (another seller's is a 404), send the command, answer with its outcome (docs/api.md
 * "Commands").
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
    // the whole record only where the body is checked against it; otherwise its seller, one prepared statement
    let record: { id: string; sellerId: string };
    if (target.check) {
      const found = await findVisible(this.records, target.entity, id, principal, target.what);
      await target.check(this.records, found, body);
      record = found;
    } else {
      const sellerId = await ownerOfVisible(this.records, target.entity, id, principal, target.what);
      record = { id: id.toLowerCase(), sellerId };
    }
    sendCommandAnswer(
      response,
      await this.commands.send({
        principal,
        type,
        payload: { ...body, [target.idField]: record.id },
        sellerId: record.sellerId,
        requestKey: `POST /${target.path}/${record.id}/${verb}`,
        idempotencyKey: key,
        resourceType: target.resourceType,
        resourceId: record.id,
        successStatus: 200,
      }),
    );
  }
}
