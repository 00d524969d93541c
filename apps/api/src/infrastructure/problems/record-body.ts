import { createParamDecorator, ExecutionContext, ValidationPipe } from '@nestjs/common';
import { validationFailed } from './problem.exception';
import { flattenValidationErrors } from './validation';

/**
 * The body of a PUT that takes back the record GET gave (react-admin's edit form sends the whole record):
 * fields the DTO does not name — ids, read-only fields — are dropped, not refused (docs/api.md). The global
 * pipe, which refuses unknown fields, does not run on custom decorators; this one runs in its place.
 */
const RecordBodyDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest().body ?? {},
);

const recordBodyPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: false,
  transform: true,
  validateCustomDecorators: true,
  exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
});

export const RecordBody = (): ParameterDecorator => RecordBodyDecorator(undefined, recordBodyPipe);
