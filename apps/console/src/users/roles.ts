import { SELLER_ROLES } from '@aftersale/contracts';

export const roleChoices = SELLER_ROLES.map((id) => ({ id, name: `aftersale.roles.${id}` }));
