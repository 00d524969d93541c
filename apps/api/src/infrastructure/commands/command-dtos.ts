import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsEmail, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { CHANNEL_CANCELLATION_INITIATORS } from '@aftersale/contracts';

export class MoneyDto {
  @IsInt() @Min(0) @Max(1e12) amount!: number;
  @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as RUB' }) currency!: string;
}

class BuyerDto {
  @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsOptional() @IsEmail() email?: string;
}

class OrderLineDto {
  @IsString() @IsNotEmpty() @MaxLength(64) sku!: string;
  @IsString() @IsNotEmpty() @MaxLength(300) name!: string;
  @IsInt() @Min(1) @Max(100000) quantity!: number;
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) unitPrice!: MoneyDto;
}

export class CreateOrderDto {
  @IsString() @IsNotEmpty() @MaxLength(64) postingNumber!: string;
  @IsDefined() @ValidateNested() @Type(() => BuyerDto) buyer!: BuyerDto;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => OrderLineDto) lines!: OrderLineDto[];
  @IsDefined() @ValidateNested() @Type(() => MoneyDto) paid!: MoneyDto;
}

export class CancelOrderDto {
  @IsString() @IsNotEmpty() @MaxLength(64) reasonId!: string;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class CreateCancellationDto {
  @IsString() @IsNotEmpty() @MaxLength(64) orderId!: string;
  @IsString() @IsNotEmpty() @MaxLength(64) reasonId!: string;
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @IsOptional() @IsIn(CHANNEL_CANCELLATION_INITIATORS) initiator?: (typeof CHANNEL_CANCELLATION_INITIATORS)[number];
}

export class ApproveCancellationDto {
  @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class RejectCancellationDto {
  @IsString() @IsNotEmpty() @MaxLength(64) reasonId!: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) comment!: string;
}

export class VoidRefundDto {
  @IsString() @IsNotEmpty() @MaxLength(2000) comment!: string;
}

export class UpdateSellerSettingsDto {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }) @Min(0.001) @Max(8760) cancellationDeadlineHours?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }) @Min(0.001) @Max(8760) returnDecisionDeadlineHours?: number;
  @IsOptional() @IsString() @MaxLength(500) defaultReturnAddress?: string;
  @IsOptional() @IsInt() @Min(1) @Max(90) returnShipByDays?: number;
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) defaultReturnShippingFee?: MoneyDto;
}

export class LoginDto {
  @IsString() @IsNotEmpty() @MaxLength(320) email!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) password!: string;
}
