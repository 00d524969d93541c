import { Provider } from '@nestjs/common';
import { AttachmentSettings } from './attachment-settings';
import { AttachmentStorage, LocalDirectoryStorage } from '@aftersale/server/persistence';
import { UploadAttachmentService } from './upload-attachment/upload-attachment.service';

/**
 * The storage adapter and the size limit, read from the environment when the api starts (the upload
 * interceptor, bound by class on the route, gets the limit injected).
 */
export const ATTACHMENT_PROVIDERS: Provider[] = [
  { provide: AttachmentSettings, useFactory: () => AttachmentSettings.fromEnv() },
  { provide: AttachmentStorage, useFactory: () => LocalDirectoryStorage.fromEnv() },
  UploadAttachmentService,
];
