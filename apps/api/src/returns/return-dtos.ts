import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { ARBITRATION_DECISIONS, CHANNEL_RETURN_TYPES, INSPECTION_OUTCOMES, PARCEL_CONDITIONS, RETURN_SHIPPING_PAYERS } from '@aftersale/contracts';
import { MoneyDto } from '../infrastructure/commands/command-dtos';

class ReturnLineDto {
  @IsString() @IsNotEmpty() @MaxLength(64) sku!: string;
  @IsInt() @Min(1) @Max(100000) quantity!: number;
}

class InspectionLineDto extends ReturnLineDto {
  @IsIn(INSPECTION_OUTCOMES) outcome!: (typeof INSPECTION_OUTCOMES)[number];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

const attachmentIds = () => [IsOptional(), IsArray(), ArrayMaxSize(20), IsUUID('all', { each: true })];
function AttachmentIds(): PropertyDecorator {
  return (target, key) => attachmentIds().forEach((decorate) => decorate(target, key));
}

export class CreateReturnDto {
  @IsString() @IsNotEmpty() @MaxLength(64) orderId!: string;
  @IsIn(CHANNEL_RETURN_TYPES) type!: (typeof CHANNEL_RETURN_TYPES)[number];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ReturnLineDto) lines!: ReturnLineDto[];
  @IsString() @IsNotEmpty() @MaxLength(64) reasonId!: string;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @AttachmentIds() attachmentIds?: string[];
}

export class ApproveReturnDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) returnAddress?: string;
  @IsOptional() @IsIn(RETURN_SHIPPING_PAYERS) returnShippingPaidBy?: (typeof RETURN_SHIPPING_PAYERS)[number];
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) returnShippingFee?: MoneyDto;
  @IsOptional() @IsISO8601({ strict: true }) shipBy?: string;
}

export class RejectReturnDto {
  @IsString() @IsNotEmpty() @MaxLength(64) reasonId!: string;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class CompensateReturnDto {
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
}

export class ShipReturnDto {
  @IsString() @IsNotEmpty() @MaxLength(64) trackingNumber!: string;
}

export class InspectReturnDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => InspectionLineDto) lines!: InspectionLineDto[];
  @AttachmentIds() attachmentIds?: string[];
}

export class RefundReturnDto {
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) amount?: MoneyDto;
}

export class CommentDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) comment!: string;
}

export class ArbitrateReturnDto extends CommentDto {
  @IsIn(ARBITRATION_DECISIONS) decision!: (typeof ARBITRATION_DECISIONS)[number];
}

export class ReceiveParcelDto {
  @IsString() @IsNotEmpty() @MaxLength(64) code!: string;
  @IsOptional() @IsIn(PARCEL_CONDITIONS) condition?: (typeof PARCEL_CONDITIONS)[number];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @AttachmentIds() attachmentIds?: string[];
}

export class ParcelConditionDto {
  @IsIn(PARCEL_CONDITIONS) condition!: (typeof PARCEL_CONDITIONS)[number];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @AttachmentIds() attachmentIds?: string[];
}

export class AssignParcelDto {
  @IsString() @IsNotEmpty() @MaxLength(64) returnId!: string;
}
