import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { ConnectOzonBody } from '@aftersale/contracts';

export class ConnectOzonDto implements ConnectOzonBody {
  @ApiProperty({ example: '100001', description: "Ozon's Client-Id (digits)" })
  @IsString()
  @Matches(/^\d{1,20}$/, { message: "clientId is the digits of Ozon's Client-Id" })
  clientId!: string;

  @ApiProperty({ description: "Ozon's Api-Key; stored encrypted, never shown again" })
  @IsString()
  @Length(8, 200)
  apiKey!: string;
}
