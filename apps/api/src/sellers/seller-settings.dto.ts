import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { MoneyDto } from '../infrastructure/money.dto';
import { OptionalText } from '../infrastructure/dto-fields';

/** The ISO 4217 codes the runtime knows (Node's ICU data). */
const ISO_4217_CURRENCIES: string[] = Intl.supportedValuesOf('currency');

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
  @OptionalText(500)
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
