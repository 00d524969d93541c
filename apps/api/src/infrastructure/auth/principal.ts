import { ActorRef, Role } from '@aftersale/contracts';

export type Principal =
  | { kind: 'user'; id: string; role: Role; sellerId: string | null; name: string; email: string }
  | { kind: 'channel'; id: string; sellerId: string; name: string };

/** What may act: the four user roles, and the channel (API key). */
export type Permit = Role | 'channel';

export function permitOf(principal: Principal): Permit {
  return principal.kind === 'channel' ? 'channel' : principal.role;
}

/** Scopes idempotency keys and `/commands/:id`. */
export function principalKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

export function actorOf(principal: Principal): ActorRef {
  return {
    kind: principal.kind,
    id: principal.kind === 'user' ? principal.id : principal.sellerId,
    name: principal.name,
  };
}

/** The seller whose data the principal may see; null for ops (reads across sellers). */
export function tenantOf(principal: Principal): string | null {
  return principal.sellerId;
}
