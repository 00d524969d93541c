import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

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
