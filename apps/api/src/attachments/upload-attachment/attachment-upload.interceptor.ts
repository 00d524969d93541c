import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Response } from 'express';
import { Observable } from 'rxjs';
import { AttachmentStorage } from '@aftersale/server/persistence';
import { ProblemException } from '../../infrastructure/problems/problem.exception';
import { AttachmentSettings } from '../attachment-settings';
import { StreamingStorageEngine } from './streaming-storage.engine';

export const ATTACHMENT_FIELD = 'file';

/**
 * Nest's FileInterceptor for the multipart field `file`, streamed into the attachment storage (never whole
 * in memory), with the size limit read when the api starts (not when this file is imported). Over the
 * limit, multer stops reading and Nest answers 413, which the problem filter turns into
 * `payload-too-large`; a second file or another file field is a 400. At most
 * `ATTACHMENT_MAX_CONCURRENT_UPLOADS` uploads run at once in this process; one more is refused before its
 * body is read with 503 `service-unavailable` and Retry-After (docs/api.md "Attachments").
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private inFlight = 0;

  constructor(
    private readonly settings: AttachmentSettings,
    storage: AttachmentStorage,
  ) {
    const Interceptor = FileInterceptor(ATTACHMENT_FIELD, {
      storage: new StreamingStorageEngine(storage),
      limits: { fileSize: settings.maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
      defParamCharset: 'utf8',
    });
    this.inner = new Interceptor();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    if (this.inFlight >= this.settings.maxConcurrentUploads) {
      throw new ProblemException('service-unavailable', 'Too many uploads at once; try again in a moment.', {
        retryAfter: 1,
      });
    }
    this.inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
    const response = context.switchToHttp().getResponse<Response>();
    response.once('finish', release);
    response.once('close', release);
    return this.inner.intercept(context, next);
  }
}
