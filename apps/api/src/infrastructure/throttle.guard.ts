import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/**
 * The general rate limit is per principal (its credential), falling back to the address, across all
 * endpoints together (docs/api.md#additions-in-this-implementation); the library's default counts each endpoint separately.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const credential = request.headers?.['authorization'] ?? request.headers?.['x-api-key'];
    return credential ? createHash('sha256').update(String(credential)).digest('hex') : String(request.ip);
  }
}
