import { Controller, Get, Headers, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AttachmentOrmEntity, AttachmentStorage } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { IdPipe } from '../infrastructure/problems/id.pipe';
import { GetAttachmentQuery } from './get-attachment/get-attachment.query';
import { ATTACHMENT_FIELD, AttachmentUploadInterceptor } from './upload-attachment/attachment-upload.interceptor';
import { contentDisposition } from './upload-attachment/file-name';
import { StoredUpload } from './upload-attachment/streaming-storage.engine';
import { UploadAttachmentService } from './upload-attachment/upload-attachment.service';

/** Photos and videos: evidence on messages, returns and parcels (docs/rules.md#conversation-and-audit). */
@ApiTags('attachments')
@ApiSecurity('bearer')
@Controller('v1/attachments')
export class AttachmentsController {
  constructor(
    private readonly uploads: UploadAttachmentService,
    private readonly storage: AttachmentStorage,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [ATTACHMENT_FIELD],
      properties: { [ATTACHMENT_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  async upload(
    @UploadedFile() file: StoredUpload | undefined,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendCommandAnswer(response, await this.uploads.upload(principal, file, key));
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  async download(
    @Param('id', IdPipe) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    const attachment: AttachmentOrmEntity = await this.queries.execute(new GetAttachmentQuery(principal, id));
    const bytes = this.storage.open(attachment.storageKey);
    response.status(200).set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    try {
      await pipeline(bytes, response);
    } catch (error) {
      // Headers are out: a broken stream can only end the response (the client sees a short body).
      if (!response.headersSent) throw error;
      response.destroy();
    }
  }
}
