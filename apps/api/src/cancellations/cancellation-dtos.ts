import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANNEL_CANCELLATION_INITIATORS } from '@aftersale/contracts';

export class CreateCancellationDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  orderId!: string;
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reasonId!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
  @ApiPropertyOptional({ enum: CHANNEL_CANCELLATION_INITIATORS })
  @IsOptional()
  @IsIn(CHANNEL_CANCELLATION_INITIATORS)
  initiator?: (typeof CHANNEL_CANCELLATION_INITIATORS)[number];
}

export class ApproveCancellationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectCancellationDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  reasonId!: string;
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment!: string;
}
