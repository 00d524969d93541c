import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CHANNEL_CANCELLATION_INITIATORS } from '@aftersale/contracts';
import { RequiredText, OptionalText } from '../infrastructure/dto-fields';

export class CreateCancellationDto {
  @RequiredText(64)
  orderId!: string;
  @RequiredText(64)
  reasonId!: string;
  @OptionalText(2000)
  comment?: string;
  @ApiPropertyOptional({ enum: CHANNEL_CANCELLATION_INITIATORS })
  @IsOptional()
  @IsIn(CHANNEL_CANCELLATION_INITIATORS)
  initiator?: (typeof CHANNEL_CANCELLATION_INITIATORS)[number];
}

export class ApproveCancellationDto {
  @OptionalText(2000)
  comment?: string;
}

export class RejectCancellationDto {
  @RequiredText(64)
  reasonId!: string;
  @RequiredText(2000)
  comment!: string;
}
