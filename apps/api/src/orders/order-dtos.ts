import { Type } from 'class-transformer';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../infrastructure/money.dto';
import { RequiredText, OptionalText } from '../infrastructure/dto-fields';

class BuyerDto {
  @RequiredText(200)
  name!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;
}

class OrderLineDto {
  @RequiredText(64)
  sku!: string;
  @RequiredText(300)
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
  @RequiredText(64)
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
  @RequiredText(64)
  reasonId!: string;
  @OptionalText(2000)
  comment?: string;
}
