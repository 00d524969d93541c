import { Role } from './principals';

/** The roles a seller admin may give a team member (ops belongs to no seller). */
export const SELLER_ROLES = ['seller_admin', 'seller_agent', 'warehouse'] as const;
export type SellerRole = (typeof SELLER_ROLES)[number];

/** A team member as `GET /api/v1/users` shows it to the seller's admin; the password hash never leaves the api. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  sellerId: string | null;
  /** when the user was disabled; a disabled user cannot log in and their tokens stop working */
  disabledAt: string | null;
  /** `disabledAt !== null`, so that the record GET gives is the body PUT takes */
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/users` */
export interface CreateUserBody {
  email: string;
  name: string;
  role: SellerRole;
  /** at least 12 characters */
  password: string;
}

/** `PUT /api/v1/users/:id` (the whole record from GET is accepted; read-only fields are ignored) */
export interface UpdateUserBody {
  name?: string;
  role?: SellerRole;
  disabled?: boolean;
}

/** `POST /api/v1/users/:id/reset-password` */
export interface ResetPasswordBody {
  password: string;
}
