import { Module } from '@nestjs/common';
import {
  AttachmentStorage,
  LocalDirectoryStorage,
  onDataSource,
  UnusedAttachmentRows,
} from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { UnusedUploads } from './remove-unused-uploads/unused-uploads.service';

/**
 * The worker's side of attachments: the same storage as the api (`ATTACHMENTS_DIR`, one volume shared by
 * every process) and the removal of uploads never attached to anything, on its own hourly timer.
 */
@Module({
  providers: [
    {
      provide: AttachmentStorage,
      useFactory: (config: ServerConfig) => LocalDirectoryStorage.in(config.attachmentsDir),
      inject: [ServerConfig],
    },
    onDataSource(UnusedAttachmentRows),
    UnusedUploads,
  ],
})
export class AttachmentsModule {}
