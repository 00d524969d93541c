import { Provider } from '@nestjs/common';
import { AttachmentSettings } from './attachment-settings';
import { AttachmentRows, AttachmentStorage, LocalDirectoryStorage, onDataSource } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { UploadAttachmentService } from './upload-attachment/upload-attachment.service';

/**
 * The storage adapter and the size limit, from the configuration (the upload interceptor, bound by class on
 * the route, gets the limit injected).
 */
export const ATTACHMENT_PROVIDERS: Provider[] = [
  { provide: AttachmentSettings, useFactory: AttachmentSettings.from, inject: [ServerConfig] },
  {
    provide: AttachmentStorage,
    useFactory: (config: ServerConfig) => LocalDirectoryStorage.in(config.attachmentsDir),
    inject: [ServerConfig],
  },
  onDataSource(AttachmentRows),
  UploadAttachmentService,
];
