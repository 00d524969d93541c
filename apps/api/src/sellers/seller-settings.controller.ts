import { Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { SellerSettingsView } from '@aftersale/contracts';
import { SellerSettingsStore } from '@aftersale/server/persistence';
import { Allow, CurrentPrincipal, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { actorOf, Principal } from '../infrastructure/auth/principal';
import { UpdateSellerSettingsDto } from './seller-settings.dto';
import { notFound, ProblemException, validationFailed } from '../infrastructure/problems/problem.exception';
import { RecordBody } from '../infrastructure/problems/record-body';

/**
 * A seller's configuration: not a domain transition, so it is written directly; deadlines apply to
 * requests opened after the change.
 */
@ApiTags('sellers')
@ApiSecurity('bearer')
@Controller('v1/sellers/me/settings')
export class SellerSettingsController {
  constructor(private readonly settings: SellerSettingsStore) {}

  @Get()
  @Allow(...SELLER_ROLES, 'warehouse')
  get(@CurrentPrincipal() principal: Principal): Promise<SellerSettingsView> {
    return this.read(principal.sellerId!);
  }

  /** Takes the record GET gives: read-only fields are ignored, not refused (docs/api.md). */
  @Put()
  @Allow('seller_admin')
  @ApiBody({ type: UpdateSellerSettingsDto })
  async update(
    @RecordBody() body: UpdateSellerSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SellerSettingsView> {
    // class-validator's IsOptional lets null through; the setting columns are NOT NULL (a null would be a 500),
    // except the default return address, which GET gives as null when unset (and PUT takes back)
    const nulls = Object.entries(body).filter(([field, value]) => value === null && field !== 'defaultReturnAddress');
    if (nulls.length > 0)
      throw validationFailed(nulls.map(([field]) => ({ field, message: `${field} may be left out but not null` })));
    const { defaultReturnShippingFee, ...rest } = body;
    const changes: Record<string, unknown> = Object.fromEntries(
      Object.entries(rest).filter(([, value]) => value !== undefined),
    );
    if (defaultReturnShippingFee || body.currency) {
      // The fee is stored as an amount of the settings currency: it is never reinterpreted in another one
      // (docs/api.md "Seller settings").
      const current = await this.read(principal.sellerId!);
      const currency = body.currency ?? current.currency;
      if (defaultReturnShippingFee && defaultReturnShippingFee.currency !== currency) {
        throw new ProblemException(
          'currency-mismatch',
          `The fee is in ${defaultReturnShippingFee.currency}; this seller works in ${currency}.`,
        );
      }
      if (!defaultReturnShippingFee && currency !== current.currency && current.defaultReturnShippingFee.amount > 0) {
        throw new ProblemException(
          'currency-mismatch',
          `The default return shipping fee is ${current.defaultReturnShippingFee.amount} ${current.currency}: give defaultReturnShippingFee in ${currency} with the new currency.`,
        );
      }
      if (defaultReturnShippingFee) changes.defaultReturnShippingFee = defaultReturnShippingFee.amount;
    }
    if (Object.keys(changes).length > 0) {
      // audited by a trigger (who, when, before, after), whichever fields the body names
      await this.settings.update(principal.sellerId!, changes, actorOf(principal));
    }
    return this.read(principal.sellerId!);
  }

  private async read(sellerId: string): Promise<SellerSettingsView> {
    const view = await this.settings.view(sellerId);
    if (!view) throw notFound('seller settings');
    return view;
  }
}
