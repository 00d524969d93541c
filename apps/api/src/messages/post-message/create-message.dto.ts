import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateMessageBody, MESSAGE_CASE_TYPES, MessageCaseType } from '@aftersale/contracts';
import { RequiredText } from '../../infrastructure/dto-fields';

export const MAX_MESSAGE_LENGTH = 10_000;
export const MAX_MESSAGE_ATTACHMENTS = 20;

export class CreateMessageDto implements CreateMessageBody {
  @ApiProperty({ enum: MESSAGE_CASE_TYPES })
  @IsIn(MESSAGE_CASE_TYPES)
  caseType!: MessageCaseType;
  /** a malformed id is an unknown case: 404 */
  @RequiredText(64)
  caseId!: string;
  @ApiProperty()
  @IsString()
  @Matches(/\S/, { message: 'body must not be blank' })
  @MaxLength(MAX_MESSAGE_LENGTH)
  body!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MESSAGE_ATTACHMENTS)
  @ArrayUnique((id: string) => String(id).toLowerCase())
  @ApiPropertyOptional({ type: [String] })
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}
