import { Transform, Type } from 'class-transformer';
import { uploadIds } from '@aftersale/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ARBITRATION_DECISIONS,
  CHANNEL_RETURN_TYPES,
  INSPECTION_OUTCOMES,
  PARCEL_CONDITIONS,
  RETURN_SHIPPING_PAYERS,
} from '@aftersale/contracts';
import { MoneyDto } from '../infrastructure/money.dto';
import { RequiredText, OptionalText } from '../infrastructure/dto-fields';

class ReturnLineDto {
  @RequiredText(64)
  sku!: string;
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity!: number;
}

/**
 * Uploads named as evidence, each once and in lower case as PostgreSQL writes a uuid: the sweep of unused uploads
 * finds an upload's id in the records that name it by its text (docs/api.md "Uploads"), so an id stored in upper
 * case left its upload to be removed while a case still showed it.
 */
const attachmentIds = () => [
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) && value.every((id) => typeof id === 'string') ? uploadIds(value) : value,
  ),
  IsOptional(),
  IsArray(),
  ArrayMaxSize(20),
  IsUUID('all', { each: true }),
];
function AttachmentIds(): PropertyDecorator {
  return (target, key) => attachmentIds().forEach((decorate) => decorate(target, key));
}

class InspectionLineDto extends ReturnLineDto {
  @ApiProperty({ enum: INSPECTION_OUTCOMES })
  @IsIn(INSPECTION_OUTCOMES)
  outcome!: (typeof INSPECTION_OUTCOMES)[number];
  @OptionalText(2000)
  note?: string;
  /** photos of these units */
  @ApiPropertyOptional({ type: [String] })
  @AttachmentIds()
  attachmentIds?: string[];
}

export class CreateReturnDto {
  @RequiredText(64)
  orderId!: string;
  @ApiProperty({ enum: CHANNEL_RETURN_TYPES })
  @IsIn(CHANNEL_RETURN_TYPES)
  type!: (typeof CHANNEL_RETURN_TYPES)[number];
  @ApiProperty({ type: () => [ReturnLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ReturnLineDto)
  lines!: ReturnLineDto[];
  @RequiredText(64)
  reasonId!: string;
  @OptionalText(2000)
  comment?: string;
  @ApiPropertyOptional({ type: [String] })
  @AttachmentIds()
  attachmentIds?: string[];
}

export class ApproveReturnDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  returnAddress?: string;
  @ApiPropertyOptional({ enum: RETURN_SHIPPING_PAYERS })
  @IsOptional()
  @IsIn(RETURN_SHIPPING_PAYERS)
  returnShippingPaidBy?: (typeof RETURN_SHIPPING_PAYERS)[number];
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  returnShippingFee?: MoneyDto;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  shipBy?: string;
}

export class RejectReturnDto {
  @RequiredText(64)
  reasonId!: string;
  @OptionalText(2000)
  comment?: string;
}

export class CompensateReturnDto {
  @ApiProperty()
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;
}

export class ShipReturnDto {
  @RequiredText(64)
  trackingNumber!: string;
}

export class InspectReturnDto {
  @ApiProperty({ type: () => [InspectionLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InspectionLineDto)
  lines!: InspectionLineDto[];
  @ApiPropertyOptional({ type: [String] })
  @AttachmentIds()
  attachmentIds?: string[];
}

export class RefundReturnDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;
}

export class CommentDto {
  @RequiredText(2000)
  comment!: string;
}

export class ArbitrateReturnDto extends CommentDto {
  @ApiProperty({ enum: ARBITRATION_DECISIONS })
  @IsIn(ARBITRATION_DECISIONS)
  decision!: (typeof ARBITRATION_DECISIONS)[number];
}

export class ReceiveParcelDto {
  @RequiredText(64)
  code!: string;
  @ApiPropertyOptional({ enum: PARCEL_CONDITIONS })
  @IsOptional()
  @IsIn(PARCEL_CONDITIONS)
  condition?: (typeof PARCEL_CONDITIONS)[number];
  @OptionalText(2000)
  note?: string;
  @ApiPropertyOptional({ type: [String] })
  @AttachmentIds()
  attachmentIds?: string[];
}

export class ParcelConditionDto {
  @ApiProperty({ enum: PARCEL_CONDITIONS })
  @IsIn(PARCEL_CONDITIONS)
  condition!: (typeof PARCEL_CONDITIONS)[number];
  @OptionalText(2000)
  note?: string;
  @ApiPropertyOptional({ type: [String] })
  @AttachmentIds()
  attachmentIds?: string[];
}

export class AssignParcelDto {
  @RequiredText(64)
  returnId!: string;
}
