import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/** The general rate limit is per principal (its credential), falling back to the address. */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const credential = request.headers?.['authorization'] ?? request.headers?.['x-api-key'];
    return credential ? createHash('sha256').update(String(credential)).digest('hex') : String(request.ip);
  }
}
