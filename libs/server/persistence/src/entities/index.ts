import { SellerOrmEntity } from './seller.orm-entity';
import { SellerSettingsOrmEntity } from './seller-settings.orm-entity';
import { UserOrmEntity } from './user.orm-entity';
import { ChannelKeyOrmEntity } from './channel-key.orm-entity';
import { ReasonOrmEntity } from './reason.orm-entity';
import { OrderOrmEntity } from './order.orm-entity';
import { OrderLineOrmEntity } from './order-line.orm-entity';
import { CancellationRequestOrmEntity } from './cancellation-request.orm-entity';
import { RefundOrmEntity } from './refund.orm-entity';
import { CommandOrmEntity } from './command.orm-entity';
import { AuditEventOrmEntity } from './audit-event.orm-entity';
import { OutboxEventOrmEntity } from './outbox-event.orm-entity';
import { InboxEntryOrmEntity } from './inbox-entry.orm-entity';
import { SimulatedPaymentOrmEntity } from './simulated-payment.orm-entity';
import { ReturnCaseOrmEntity } from './return-case.orm-entity';
import { ParcelOrmEntity } from './parcel.orm-entity';
import { MessageOrmEntity } from './message.orm-entity';
import { AttachmentOrmEntity } from './attachment.orm-entity';
import { MarketplaceConnectionOrmEntity } from './marketplace-connection.orm-entity';

export {
  SellerOrmEntity,
  SellerSettingsOrmEntity,
  UserOrmEntity,
  ChannelKeyOrmEntity,
  ReasonOrmEntity,
  OrderOrmEntity,
  OrderLineOrmEntity,
  CancellationRequestOrmEntity,
  RefundOrmEntity,
  CommandOrmEntity,
  AuditEventOrmEntity,
  OutboxEventOrmEntity,
  InboxEntryOrmEntity,
  SimulatedPaymentOrmEntity,
  ReturnCaseOrmEntity,
  ParcelOrmEntity,
  MessageOrmEntity,
  AttachmentOrmEntity,
  MarketplaceConnectionOrmEntity,
};

export const ORM_ENTITIES = [
  SellerOrmEntity,
  SellerSettingsOrmEntity,
  UserOrmEntity,
  ChannelKeyOrmEntity,
  ReasonOrmEntity,
  OrderOrmEntity,
  OrderLineOrmEntity,
  CancellationRequestOrmEntity,
  RefundOrmEntity,
  CommandOrmEntity,
  AuditEventOrmEntity,
  OutboxEventOrmEntity,
  InboxEntryOrmEntity,
  SimulatedPaymentOrmEntity,
  ReturnCaseOrmEntity,
  ParcelOrmEntity,
  MessageOrmEntity,
  AttachmentOrmEntity,
  MarketplaceConnectionOrmEntity,
];
