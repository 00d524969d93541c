export const ROLES = ['seller_admin', 'seller_agent', 'warehouse', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  sellerId: string | null;
}

export interface LoginResponse {
  accessToken: string;
  user: UserView;
}

/** Who did something, as recorded on audit events and decisions. */
export type ActorKind = 'user' | 'channel' | 'system' | 'deadline';
export interface ActorRef {
  kind: ActorKind;
  /** user id, the channel's seller id; absent for system and deadline */
  id?: string;
  name?: string;
}
