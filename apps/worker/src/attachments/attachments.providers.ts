import { Provider } from '@nestjs/common';
import { AttachmentStorage, LocalDirectoryStorage } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { UnusedUploads } from './remove-unused-uploads/unused-uploads.service';

/**
 * The worker's side of attachments: the same storage as the api (`ATTACHMENTS_DIR`, one volume shared by
 * every process) and the removal of uploads never attached to anything.
 */
export const ATTACHMENT_PROVIDERS: Provider[] = [
  {
    provide: AttachmentStorage,
    useFactory: (config: ServerConfig) => LocalDirectoryStorage.in(config.attachmentsDir),
    inject: [ServerConfig],
  },
  UnusedUploads,
];
