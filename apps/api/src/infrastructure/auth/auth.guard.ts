import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChannelKeyOrmEntity } from '@aftersale/server/persistence';
import { Role } from '@aftersale/contracts';
import { ProblemException, forbidden } from '../problems/problem.exception';
import { PERMITS_KEY, PUBLIC_KEY } from './auth.decorators';
import { hashChannelKey } from './passwords';
import { Permit, permitOf, Principal } from './principal';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  sellerId: string | null;
  name: string;
  email: string;
}

const AUTHENTICATION = Symbol('authentication');

/** Bearer token (console users) or X-Api-Key (the channel); then the endpoint's permits. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly channelKeys = new Map<string, { principal: Principal; at: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
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
      try {
        const claims = await this.jwt.verifyAsync<AccessTokenClaims>(authorization.slice(7));
        return {
          kind: 'user',
          id: claims.sub,
          role: claims.role,
          sellerId: claims.sellerId,
          name: claims.name,
          email: claims.email,
        };
      } catch {
        throw new ProblemException('unauthenticated', 'The access token is invalid or has expired.');
      }
    }
    const apiKey = headers['x-api-key'];
    if (apiKey) return this.channel(apiKey);
    throw new ProblemException('unauthenticated', 'Send a Bearer token or an X-Api-Key.');
  }

  private async channel(apiKey: string): Promise<Principal> {
    const hash = hashChannelKey(apiKey);
    const cached = this.channelKeys.get(hash);
    if (cached && Date.now() - cached.at < 60_000) return cached.principal;
    const key = await this.dataSource.getRepository(ChannelKeyOrmEntity).findOne({ where: { keyHash: hash } });
    if (!key || key.revokedAt) throw new ProblemException('unauthenticated', 'Unknown or revoked API key.');
    const principal: Principal = { kind: 'channel', id: key.id, sellerId: key.sellerId, name: key.name };
    this.channelKeys.set(hash, { principal, at: Date.now() });
    return principal;
  }
}
