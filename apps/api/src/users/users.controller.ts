import { Body, Controller, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { UserRecord } from '@aftersale/contracts';
import { Allow, CurrentPrincipal } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { RecordReadRoutes } from '../infrastructure/lists/record-read-routes';
import { USER_READS } from './user-reads';
import { RecordBody } from '../infrastructure/problems/record-body';
import { CreateUserService } from './create-user/create-user.service';
import { ResetPasswordService } from './reset-password/reset-password.service';
import { UpdateUserService } from './update-user/update-user.service';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from './user-dtos';

/**
 * The seller admin's team (docs/api.md "Team"): users of their own seller only. Not domain transitions, so
 * written directly, each change audited in its transaction.
 */
@ApiTags('users')
@ApiSecurity('bearer')
@Controller('v1/users')
@Allow('seller_admin')
export class UsersController extends RecordReadRoutes(USER_READS) {
  constructor(
    private readonly creating: CreateUserService,
    private readonly updating: UpdateUserService,
    private readonly resetting: ResetPasswordService,
  ) {
    super();
  }

  @Post()
  async create(
    @Body() body: CreateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendCommandAnswer(response, await this.creating.create(body, principal, key));
  }

  @Put(':id')
  @ApiBody({ type: UpdateUserDto })
  update(
    @Param('id') id: string,
    @RecordBody() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserRecord> {
    return this.updating.update(id, body, principal);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  async resetPassword(
    @Param('id') id: string,
    @Body() body: ResetPasswordDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendCommandAnswer(response, await this.resetting.reset(id, body, principal, key));
  }
}
