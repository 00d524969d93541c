import { Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CHANNEL_CANCELLATION_INITIATORS } from '@aftersale/contracts';

/** The ISO 4217 codes the runtime knows (Node's ICU data). */
const ISO_4217_CURRENCIES: string[] = Intl.supportedValuesOf('currency');

export class MoneyDto {
  @ApiProperty()
  @IsInt()
  @Min(0)
  @Max(1e12)
  amount!: number;
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as RUB' })
  currency!: string;
}

class BuyerDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

class OrderLineDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sku!: string;
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity!: number;
  @ApiProperty()
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice!: MoneyDto;
}

export class CreateOrderDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  postingNumber!: string;
  @ApiProperty()
  @IsDefined()
  @ValidateNested()
  @Type(() => BuyerDto)
  buyer!: BuyerDto;
  @ApiProperty({ type: () => [OrderLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  @ApiProperty()
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  paid!: MoneyDto;
}

export class CancelOrderDto {
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
}

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

export class VoidRefundDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment!: string;
}

export class UpdateSellerSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(8760)
  cancellationDeadlineHours?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(8760)
  returnDecisionDeadlineHours?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  defaultReturnAddress?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  returnShipByDays?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  defaultReturnShippingFee?: MoneyDto;
  @ApiPropertyOptional({ description: 'ISO 4217; changing it needs defaultReturnShippingFee in the new currency' })
  @IsOptional()
  @IsIn(ISO_4217_CURRENCIES, { message: 'currency must be an ISO 4217 code such as RUB or CNY' })
  currency?: string;
}

export class LoginDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email!: string;
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}
