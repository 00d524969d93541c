import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { LoginResponse, UserView } from '@aftersale/contracts';
import { ScryptParams, UserAccounts, UserOrmEntity, userView } from '@aftersale/server/persistence';
import { ServerConfig } from '@aftersale/server/messaging';
import { Allow, CurrentPrincipal, Public, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { AccessTokenClaims } from '../infrastructure/auth/auth.guard';
import { hashPassword, needsRehash, scryptParams, verifyPassword } from '../infrastructure/auth/passwords';
import { Principal } from '../infrastructure/auth/principal';
import { LoginDto } from './login.dto';
import { ProblemException, notFound } from '../infrastructure/problems/problem.exception';
import { RedisClient } from '../infrastructure/redis-client';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  private readonly maxFailures: number;
  private readonly failureWindowSeconds: number;
  /** today's scrypt cost (`PASSWORD_SCRYPT_LOG_N`) */
  private readonly scryptParams: ScryptParams;
  /**
   * An unknown email is checked against this hash, made at today's cost, so that it costs the same scrypt
   * work as a known one: the answer's timing does not tell which emails have accounts.
   */
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly users: UserAccounts,
    private readonly jwt: JwtService,
    private readonly redis: RedisClient,
    private readonly config: ServerConfig,
  ) {
    this.maxFailures = config.loginMaxFailures;
    this.failureWindowSeconds = config.loginFailureWindowSeconds;
    this.scryptParams = scryptParams(config.passwordScryptLogN);
    this.decoyHash = hashPassword(randomBytes(24).toString('base64'), this.scryptParams);
  }

  /** Wrong credentials: 401 with no hint which was wrong; failed logins are limited per account and address. */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    const email = body.email.trim().toLowerCase();
    const key = `${this.config.queuePrefix}:login-failures:${createHash('sha256').update(`${email}|${ip}`).digest('hex')}`;
    // the limiter lives in Redis; when Redis is down people can still log in (and read), unthrottled
    const failures = Number(await this.redis.redis.get(key).catch(() => 0)) || 0;
    if (failures >= this.maxFailures) {
      throw new ProblemException('rate-limited', 'Too many failed logins; try again later.', {
        retryAfter: this.failureWindowSeconds,
      });
    }
    const user = await this.users.byEmail(email);
    // the same work whether the email is known, unknown or disabled: one scrypt at the stored (or today's) cost
    const verified = await verifyPassword(body.password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !verified || user.disabledAt) {
      await this.redis.redis
        .multi()
        .incr(key)
        .expire(key, this.failureWindowSeconds)
        .exec()
        .catch(() => undefined);
      throw new ProblemException('unauthenticated', 'Wrong email or password.');
    }
    if (needsRehash(user.passwordHash, this.scryptParams)) await this.upgradeHash(user, body.password);
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      sellerId: user.sellerId,
      name: user.name,
      email: user.email,
    };
    return { accessToken: await this.jwt.signAsync(claims), user: userView(user) };
  }

  /**
   * A hash made at an older, cheaper cost is replaced by one at today's cost once the password is known to
   * be right; a reset that happened meanwhile wins (the update names the old hash).
   */
  private async upgradeHash(user: UserOrmEntity, password: string): Promise<void> {
    const upgraded = await hashPassword(password, this.scryptParams);
    await this.users.upgradeHash(user, upgraded);
  }

  @Get('me')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops')
  async me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    const user = await this.users.byId(principal.id);
    if (!user) throw notFound('user');
    return userView(user);
  }
}
