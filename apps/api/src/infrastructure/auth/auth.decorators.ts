import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Permit, Principal } from './principal';

export const PERMITS_KEY = 'aftersale:permits';
export const PUBLIC_KEY = 'aftersale:public';

/** Who may call this endpoint (docs/api.md, the "who" column). Others of the same tenant get 403. */
export const Allow = (...permits: Permit[]) => SetMetadata(PERMITS_KEY, permits);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** "seller roles" in docs/api.md's who column; warehouse is named separately where it may read. */
export const SELLER_ROLES: Permit[] = ['seller_admin', 'seller_agent'];
export const DECIDERS: Permit[] = ['seller_admin', 'seller_agent'];

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest().principal;
});
