import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { AuthGuard } from './auth/auth.guard';
import { principalKey } from './auth/principal';
import { ProblemException } from './problems/problem.exception';

/**
 * The general rate limit (docs/api.md#additions-in-this-implementation, "Rate limits"), across all endpoints together (the library's default
 * counts each endpoint separately), counted in Redis so that every api process shares it. It runs before
 * the permits are checked, and keys a request on who it is: the authenticated principal; a request without
 * credentials, or whose credentials fail, on the client address (so random credentials do not each get a
 * fresh allowance). The address is Express's `req.ip`: behind a proxy, set TRUST_PROXY (README).
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly auth: AuthGuard,
  ) {
    super(options, storage, reflector);
  }

  /** 429 `rate-limited`, with Retry-After saying when the principal's (or address's) block ends. */
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new ProblemException('rate-limited', 'Too many requests; slow down.', {
      retryAfter: detail.timeToBlockExpire,
    });
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const principal = await this.auth
      .authenticateRequest(request as { headers: Record<string, string | undefined> })
      .catch(() => undefined);
    return principal ? principalKey(principal) : `address:${await super.getTracker(request)}`;
  }
}
