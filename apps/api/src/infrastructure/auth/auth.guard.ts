import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { UserAccounts } from '@aftersale/server/persistence';
import { Role } from '@aftersale/contracts';
import { ProblemException, forbidden } from '../problems/problem.exception';
import { PERMITS_KEY, PUBLIC_KEY } from './auth.decorators';
import { CredentialCache } from './credential-cache';
import { hashChannelKey } from './passwords';
import { Permit, permitOf, Principal } from './principal';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  sellerId: string | null;
  name: string;
  email: string;
}

type VerifiedClaims = AccessTokenClaims & { iat?: number; exp?: number };

const AUTHENTICATION = Symbol('authentication');

/** Bearer token (console users) or X-Api-Key (the channel); then the endpoint's permits. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: UserAccounts,
    private readonly cache: CredentialCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const principal = await this.authenticateRequest(request);
    request.principal = principal;
    const permits = this.reflector.getAllAndOverride<Permit[]>(PERMITS_KEY, targets) ?? [];
    if (!permits.includes(permitOf(principal))) throw forbidden();
    return true;
  }

  /**
   * The request's principal, worked out once per request: the rate limiter, which runs before this guard,
   * keys on it (docs/api.md "Rate limits"). Rejects as `unauthenticated`.
   */
  authenticateRequest(request: { headers: Record<string, string | undefined>; [AUTHENTICATION]?: Promise<Principal> }) {
    request[AUTHENTICATION] ??= this.authenticate(request.headers);
    return request[AUTHENTICATION];
  }

  private async authenticate(headers: Record<string, string | undefined>): Promise<Principal> {
    const authorization = headers['authorization'];
    if (authorization?.startsWith('Bearer ')) {
      let claims: VerifiedClaims;
      try {
        claims = await this.verified(authorization.slice(7));
      } catch {
        throw new ProblemException('unauthenticated', 'The access token is invalid or has expired.');
      }
      return this.user(claims);
    }
    const apiKey = headers['x-api-key'];
    if (apiKey) return this.channel(apiKey);
    throw new ProblemException('unauthenticated', 'Send a Bearer token or an X-Api-Key.');
  }

  /**
   * The token's claims, its signature checked once a second per token: the same string has the same signature, so
   * a client's requests within that second share one HMAC (4 % of the api's CPU under the bench, docs/benchmarks.md,
   * 69). The expiry is checked on every request, as jsonwebtoken checks it: a kept token is refused from its `exp`
   * on. A token that fails is not kept.
   */
  private async verified(token: string): Promise<VerifiedClaims> {
    const claims = await this.cache.get(`token:${token}`, () => this.jwt.verifyAsync<VerifiedClaims>(token));
    if (claims.exp !== undefined && Math.floor(Date.now() / 1000) >= claims.exp) throw new Error('jwt expired');
    return claims;
  }

  /**
   * The token says who; the user's row says whether they still may, and with which role. Read for each
   * request (one primary-key lookup, shared by concurrent requests and kept at most a second), so disabling
   * a user, changing their role or resetting their password takes effect within a second on every api
   * process — not when the token expires.
   */
  private async user(claims: VerifiedClaims): Promise<Principal> {
    const row = await this.cache.get(`user:${claims.sub}`, () => this.accounts.authState(claims.sub));
    if (!row || row.disabledAt) throw new ProblemException('unauthenticated', 'This user is disabled.');
    // tokens of an earlier second than the last password change (JWT times are whole seconds)
    const changedAt = row.passwordChangedAt ? Math.floor(new Date(row.passwordChangedAt).getTime() / 1000) : 0;
    if ((claims.iat ?? 0) < changedAt)
      throw new ProblemException('unauthenticated', 'The password was changed; log in again.');
    return { kind: 'user', id: claims.sub, role: row.role, sellerId: row.sellerId, name: row.name, email: row.email };
  }

  /** A unique-index lookup, kept at most a second: a revoked key stops working within a second on every process. */
  private async channel(apiKey: string): Promise<Principal> {
    const hash = hashChannelKey(apiKey);
    const key = await this.cache.get(`channel:${hash}`, () => this.accounts.channelKey(hash));
    if (!key || key.revokedAt) throw new ProblemException('unauthenticated', 'Unknown or revoked API key.');
    return { kind: 'channel', id: key.id, sellerId: key.sellerId, name: key.name };
  }
}
