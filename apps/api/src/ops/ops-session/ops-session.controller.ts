import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { Response } from 'express';
import { OpsSessionView } from '@aftersale/contracts';
import { ServerConfig } from '@aftersale/server/messaging';
import { Allow, CurrentPrincipal } from '../../infrastructure/auth/auth.decorators';
import { Principal } from '../../infrastructure/auth/principal';
import { BULL_BOARD_PATH, OPS_SESSION_COOKIE, OPS_SESSION_PURPOSE, OpsSessionClaims } from './ops-session';

/**
 * `POST /api/v1/auth/ops-session`: trades an ops bearer token for a short-lived HttpOnly, SameSite=Strict
 * cookie scoped to /ops/bull, so the console can open bull-board in a browser tab (a tab cannot send a
 * bearer header). The access token itself never goes into a cookie.
 */
@ApiTags('auth')
@ApiSecurity('bearer')
@Controller('v1/auth')
export class OpsSessionController {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: ServerConfig,
  ) {}

  @Post('ops-session')
  @HttpCode(200)
  @Allow('ops')
  async open(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OpsSessionView> {
    const ttl = this.config.opsSessionTtlSeconds;
    const claims: OpsSessionClaims = {
      sub: principal.id,
      role: principal.kind === 'user' ? principal.role : 'ops',
      purpose: OPS_SESSION_PURPOSE,
    };
    const token = await this.jwt.signAsync(claims, { expiresIn: ttl });
    response.cookie(OPS_SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.production,
      path: BULL_BOARD_PATH,
      maxAge: ttl * 1000,
    });
    return { url: `${BULL_BOARD_PATH}/`, expiresAt: new Date(Date.now() + ttl * 1000).toISOString() };
  }
}
