import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { OptionalText, RequiredText } from './dto-fields';

/** @nestjs/swagger's metadata keys for a DTO's properties */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

class Stacked {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5)
  reasonId!: unknown;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5)
  comment?: unknown;
}

class Composed {
  @RequiredText(5)
  reasonId!: unknown;
  @OptionalText(5)
  comment?: unknown;
}

const errorsOf = (Dto: new () => object, body: Record<string, unknown>) =>
  validateSync(Object.assign(new Dto(), body)).map(({ property, constraints }) => [property, constraints]);

describe('the DTO field decorators', () => {
  it.each([
    { reasonId: 42, comment: 42 },
    { reasonId: '', comment: 'too long a comment' },
    { reasonId: 'too long', comment: null },
    {},
    { reasonId: 'ok' },
  ])('refuse %j with the same errors, in the same order, as the decorators stacked by hand', (body) => {
    const composed = errorsOf(Composed, body);
    expect(JSON.stringify(composed)).toBe(JSON.stringify(errorsOf(Stacked, body)));
  });

  it('describe the fields to OpenAPI as the decorators stacked by hand do', () => {
    const openApi = (Dto: new () => object) =>
      ['reasonId', 'comment'].map((field) => Reflect.getMetadata(API_MODEL_PROPERTIES, Dto.prototype, field));
    expect(openApi(Composed)).toEqual(openApi(Stacked));
    expect(Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, Composed.prototype)).toEqual([':reasonId', ':comment']);
  });
});
