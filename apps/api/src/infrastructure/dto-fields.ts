import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** A field's decorators, listed and applied as if stacked on it (bottom-up), so its validation errors keep their order. */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => [...decorators].reverse().forEach((decorate) => decorate(target, key));
}

/** A required, non-empty text of at most `max` characters: an id, a reason, a name, a required comment. */
export const RequiredText = (max: number) => stacked(ApiProperty(), IsString(), IsNotEmpty(), MaxLength(max));

/** An optional text of at most `max` characters: a comment. */
export const OptionalText = (max: number) => stacked(ApiPropertyOptional(), IsOptional(), IsString(), MaxLength(max));
