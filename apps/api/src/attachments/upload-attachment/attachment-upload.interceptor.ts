import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { Observable } from 'rxjs';
import { AttachmentSettings } from '../attachment-settings';

export const ATTACHMENT_FIELD = 'file';

/**
 * Nest's FileInterceptor for the multipart field `file`, in memory, with the size limit read when the api
 * starts (not when this file is imported). Over the limit, multer stops reading and Nest answers 413, which
 * the problem filter turns into `payload-too-large`; a second file or another file field is a 400.
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(settings: AttachmentSettings) {
    const Interceptor = FileInterceptor(ATTACHMENT_FIELD, {
      storage: memoryStorage(),
      limits: { fileSize: settings.maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
      defParamCharset: 'utf8',
    });
    this.inner = new Interceptor();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    return this.inner.intercept(context, next);
  }
}
