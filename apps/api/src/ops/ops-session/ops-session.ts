import { JwtService } from '@nestjs/jwt';
import { parse } from 'cookie';
import { Role } from '@aftersale/contracts';

/** The cookie that lets a browser into bull-board at /ops/bull (docs/operations.md "bull-board"). */
export const OPS_SESSION_COOKIE = 'aftersale_ops_session';
export const BULL_BOARD_PATH = '/ops/bull';
export const OPS_SESSION_PURPOSE = 'ops-session';

export interface OpsSessionClaims {
  sub: string;
  role: Role;
  purpose: typeof OPS_SESSION_PURPOSE;
}

export type OpsSessionCheck = { ok: true; claims: OpsSessionClaims } | { ok: false; status: 401 | 403; detail: string };

/**
 * A session cookie is a short-lived token of its own purpose (an access token in the cookie is refused), and
 * it is good for the ops role only.
 */
export async function checkOpsSession(jwt: JwtService, cookieHeader: string | undefined): Promise<OpsSessionCheck> {
  const token = cookieHeader ? parse(cookieHeader)[OPS_SESSION_COOKIE] : undefined;
  if (!token) return { ok: false, status: 401, detail: 'Open bull-board from the console (an ops session is needed).' };
  let claims: OpsSessionClaims;
  try {
    claims = await jwt.verifyAsync<OpsSessionClaims>(token);
  } catch {
    return { ok: false, status: 401, detail: 'The ops session has expired or is invalid; open bull-board again.' };
  }
  if (claims.purpose !== OPS_SESSION_PURPOSE)
    return { ok: false, status: 401, detail: 'This cookie is not an ops session.' };
  if (claims.role !== 'ops') return { ok: false, status: 403, detail: 'Your role may not do this.' };
  return { ok: true, claims };
}
