import { DataSource, EntityManager } from 'typeorm';
import { ActorRef, CancellationInitiator, ReasonKind, Role } from '@aftersale/contracts';
import {
  CancellationRequest,
  DEADLINE_ACTOR,
  deliverOrder,
  DomainEvent,
  fullRefundAmount,
  newId,
  Order,
  OrderLine,
  Refund,
  refuseOrderDelivery,
} from '@aftersale/domain';
import {
  appendEvents,
  AttachmentOrmEntity,
  AuditEventOrmEntity,
  CancellationRequestRepository,
  ChannelKeyOrmEntity,
  hashChannelKey,
  hashPassword,
  MESSAGE_POSTED,
  MessageOrmEntity,
  OrderRepository,
  ParcelOrmEntity,
  ReasonOrmEntity,
  RefundRepository,
  ReturnCaseRepository,
  scryptParams,
  SellerOrmEntity,
  SellerSettingsOrmEntity,
  SimulatedPaymentOrmEntity,
  UserOrmEntity,
} from '@aftersale/server/persistence';
import { loadServerConfig } from '@aftersale/server/messaging';
import {
  APPROVAL_COMMENTS,
  BUYER_REASON_IDS,
  CARRIER_COMMENTS,
  CHINESE_BUYERS,
  DEMO_SHOP_PRODUCTS,
  DemoProduct,
  OTHER_REASON_COMMENTS,
  OTHER_SHOP_PRODUCTS,
  rejectionComment,
  RUSSIAN_BUYERS,
} from './demo-catalogue';
import { attachmentsDirectory, writeDemoPhotos } from './demo-photos';
import {
  DEFAULT_RETURN_SHIPPING_FEE,
  DemoAttachment,
  OrderMaker,
  RETURN_SHIP_BY_DAYS,
  ReturnPlan,
  ReturnTeller,
} from './demo-returns';
import {
  CURRENCY,
  DAY,
  DEADLINE_HOURS,
  HOUR,
  MINUTE,
  newStory,
  payRefund,
  Prng,
  RefundFate,
  SECOND,
  Story,
} from './demo-story';

/**
 * The demo data (docs/api.md#principals): two sellers, their users and channel keys, and a month of orders in
 * every status with cancellation requests in every state and their refunds; then return cases of every type
 * in every state (demo-returns.ts) with their parcels, unmatched parcels, messages with photos and refunds.
 * Every state is reached through the domain's own transitions and saved through the repositories with its
 * audit events, in one transaction, so the data obeys the same rules as data the api makes. A seeded PRNG
 * makes every run produce the same data (relative to the moment it runs); a database that already has Demo
 * Shop is left alone.
 */

export const DEMO_SHOP_ID = '00000000-0000-4000-8000-000000000001';
export const OTHER_SHOP_ID = '00000000-0000-4000-8000-000000000002';
export const DEMO_PASSWORD = 'demo-password';

interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

type Scenario =
  | {
      kind:
        | 'pending'
        | 'processing'
        | 'shipped'
        | 'delivered'
        | 'delivery-refused'
        | 'rejected'
        | 'withdrawn'
        | 'superseded';
    }
  | { kind: 'cancelled-while-pending' | 'approved' | 'auto-approved' | 'seller-cancelled'; refund: RefundFate }
  | { kind: 'awaiting'; dueWithin24h: boolean; initiator: Exclude<CancellationInitiator, 'seller'> };

/** How many orders of each scenario; the rest of `orders` are delivered. */
type Plan = Array<[count: number, scenario: Scenario]>;

interface DemoSeller {
  id: string;
  name: string;
  seed: number;
  orders: number;
  plan: Plan;
  products: readonly DemoProduct[];
  /** the share of buyers with Chinese names */
  chineseBuyers: number;
  returnAddress: string;
  channelKey: { id: string; name: string; key: string };
  users: DemoUser[];
  /** who processes, ships and decides in the console */
  deciders: string[];
  /** return cases: how many end in which state, of which type, through which moves (demo-returns.ts) */
  returns: ReturnPlan;
  unmatchedParcels: { withCandidates: number; withoutCandidates: number };
}

const DEMO_SHOP: DemoSeller = {
  id: DEMO_SHOP_ID,
  name: 'Demo Shop',
  seed: 0x5eed0001,
  orders: 300,
  plan: [
    [18, { kind: 'pending' }],
    [26, { kind: 'processing' }],
    [30, { kind: 'shipped' }],
    [10, { kind: 'delivery-refused' }],
    [16, { kind: 'cancelled-while-pending', refund: 'succeeded' }],
    [1, { kind: 'cancelled-while-pending', refund: 'failed' }],
    [1, { kind: 'cancelled-while-pending', refund: 'pending' }],
    [17, { kind: 'approved', refund: 'succeeded' }],
    [2, { kind: 'approved', refund: 'failed' }],
    [9, { kind: 'auto-approved', refund: 'succeeded' }],
    [1, { kind: 'auto-approved', refund: 'failed' }],
    [12, { kind: 'seller-cancelled', refund: 'succeeded' }],
    [2, { kind: 'seller-cancelled', refund: 'failed' }],
    [1, { kind: 'seller-cancelled', refund: 'pending' }],
    [6, { kind: 'awaiting', dueWithin24h: false, initiator: 'buyer' }],
    [2, { kind: 'awaiting', dueWithin24h: false, initiator: 'marketplace' }],
    [2, { kind: 'awaiting', dueWithin24h: false, initiator: 'carrier' }],
    [5, { kind: 'awaiting', dueWithin24h: true, initiator: 'buyer' }],
    [12, { kind: 'rejected' }],
    [10, { kind: 'withdrawn' }],
    [7, { kind: 'superseded' }],
  ],
  products: DEMO_SHOP_PRODUCTS,
  chineseBuyers: 0.4,
  returnAddress: 'Москва, ул. Складская, д. 12, стр. 3, склад Demo Shop, 109316',
  channelKey: {
    id: '00000000-0000-4000-8000-000000000011',
    name: 'Demo Shop marketplace channel',
    key: 'demo-shop-channel-key',
  },
  users: [
    {
      id: '00000000-0000-4000-8000-000000000101',
      email: 'admin@demo-shop.test',
      name: 'Ирина Соколова',
      role: 'seller_admin',
    },
    {
      id: '00000000-0000-4000-8000-000000000102',
      email: 'agent@demo-shop.test',
      name: 'Алексей Петров',
      role: 'seller_agent',
    },
    {
      id: '00000000-0000-4000-8000-000000000103',
      email: 'warehouse@demo-shop.test',
      name: 'Сергей Морозов',
      role: 'warehouse',
    },
  ],
  deciders: ['agent@demo-shop.test', 'agent@demo-shop.test', 'admin@demo-shop.test'],
  returns: [
    // waiting for the seller's decision, some due within 24 h
    [2, 'requested', 'buyer_return', ''],
    [1, 'requested', 'buyer_return', '', { dueWithin24h: true }],
    [1, 'requested', 'defect_claim', ''],
    [1, 'requested', 'defect_claim', '', { dueWithin24h: true }],
    [1, 'requested', 'buyer_return', 'offer decline'],
    // approved with their instructions, waiting for the buyer to ship
    [2, 'approved', 'buyer_return', 'approve'],
    [1, 'approved', 'buyer_return', 'approve-with-fee'],
    [1, 'approved', 'buyer_return', 'auto-approve'],
    [1, 'approved', 'defect_claim', 'approve'],
    [1, 'approved', 'buyer_return', 'reject dispute arbitrate-approve'],
    // on the way back
    [3, 'in_transit', 'buyer_return', 'approve ship'],
    [1, 'in_transit', 'defect_claim', 'approve ship'],
    [2, 'in_transit', 'refused_delivery', ''],
    // at the warehouse
    [2, 'received', 'buyer_return', 'approve ship receive'],
    [1, 'received', 'buyer_return', 'approve receive'],
    [1, 'received', 'defect_claim', 'approve ship receive-damaged'],
    [2, 'received', 'refused_delivery', 'receive'],
    [2, 'inspected', 'buyer_return', 'approve ship receive inspect-mixed'],
    [1, 'inspected', 'defect_claim', 'approve ship receive inspect-intact'],
    [1, 'inspected', 'refused_delivery', 'receive inspect-intact'],
    // refunded in full or in part
    [2, 'refunded', 'buyer_return', 'approve ship receive inspect-intact refund', { wholeOrder: true }],
    [1, 'refunded', 'buyer_return', 'approve ship receive inspect-intact refund'],
    [1, 'refunded', 'buyer_return', 'approve ship receive inspect-intact refund', { refundFails: true }],
    [
      1,
      'refunded',
      'buyer_return',
      'approve ship receive inspect-bad reject-after-inspection dispute arbitrate-approve refund',
    ],
    [2, 'refunded', 'defect_claim', 'approve ship receive inspect-intact refund'],
    [1, 'refunded', 'defect_claim', 'refund-without-return'],
    [1, 'refunded', 'defect_claim', 'approve refund-without-return'],
    [2, 'refunded', 'refused_delivery', 'receive inspect-intact refund'],
    [1, 'refunded', 'refused_delivery', 'receive inspect-intact refund', { refundFails: true }],
    [1, 'partially_refunded', 'buyer_return', 'approve-with-fee ship receive inspect-intact refund'],
    [2, 'partially_refunded', 'buyer_return', 'approve ship receive inspect-mixed refund'],
    [1, 'partially_refunded', 'defect_claim', 'approve ship receive inspect-bad refund-part'],
    [1, 'partially_refunded', 'refused_delivery', 'receive-damaged inspect-bad refund-part'],
    // rejected before or after the return
    [3, 'rejected', 'buyer_return', 'reject'],
    [1, 'rejected', 'defect_claim', 'reject'],
    [2, 'return_rejected', 'buyer_return', 'approve ship receive inspect-bad reject-after-inspection'],
    [1, 'return_rejected', 'defect_claim', 'approve ship receive inspect-bad reject-after-inspection'],
    // compensation instead of a return
    [1, 'compensation_offered', 'buyer_return', 'offer'],
    [1, 'compensation_offered', 'defect_claim', 'offer'],
    [1, 'compensation_offered', 'defect_claim', 'offer decline offer'],
    [2, 'compensated', 'defect_claim', 'offer accept'],
    [1, 'compensated', 'defect_claim', 'offer accept', { refundFails: true }],
    [1, 'compensated', 'buyer_return', 'offer accept'],
    // disputed rejections waiting for ops
    [1, 'arbitration', 'buyer_return', 'reject dispute'],
    [1, 'arbitration', 'buyer_return', 'approve ship receive inspect-bad reject-after-inspection dispute'],
    [1, 'arbitration', 'defect_claim', 'reject dispute'],
    // closed: withdrawn, expired, by the seller, by ops
    [2, 'closed', 'buyer_return', 'withdraw'],
    [1, 'closed', 'buyer_return', 'approve withdraw'],
    [1, 'closed', 'defect_claim', 'offer withdraw'],
    [2, 'closed', 'buyer_return', 'approve-short expire'],
    [1, 'closed', 'defect_claim', 'approve-short expire'],
    [1, 'closed', 'buyer_return', 'close'],
    [1, 'closed', 'buyer_return', 'approve ship close'],
    [1, 'closed', 'refused_delivery', 'close'],
    [1, 'closed', 'buyer_return', 'reject dispute arbitrate-reject'],
  ],
  unmatchedParcels: { withCandidates: 2, withoutCandidates: 3 },
};

const OTHER_SHOP: DemoSeller = {
  id: OTHER_SHOP_ID,
  name: 'Other Shop',
  seed: 0x5eed0002,
  orders: 40,
  plan: [
    [3, { kind: 'pending' }],
    [4, { kind: 'processing' }],
    [4, { kind: 'shipped' }],
    [2, { kind: 'delivery-refused' }],
    [2, { kind: 'cancelled-while-pending', refund: 'succeeded' }],
    [1, { kind: 'approved', refund: 'succeeded' }],
    [1, { kind: 'approved', refund: 'failed' }],
    [1, { kind: 'auto-approved', refund: 'succeeded' }],
    [1, { kind: 'seller-cancelled', refund: 'succeeded' }],
    [1, { kind: 'seller-cancelled', refund: 'pending' }],
    [2, { kind: 'awaiting', dueWithin24h: false, initiator: 'buyer' }],
    [1, { kind: 'awaiting', dueWithin24h: true, initiator: 'buyer' }],
    [2, { kind: 'rejected' }],
    [1, { kind: 'withdrawn' }],
    [1, { kind: 'superseded' }],
  ],
  products: OTHER_SHOP_PRODUCTS,
  chineseBuyers: 0.6,
  returnAddress: 'Санкт-Петербург, Складской пр., д. 4, склад Other Shop, 196084',
  channelKey: {
    id: '00000000-0000-4000-8000-000000000012',
    name: 'Other Shop marketplace channel',
    key: 'other-shop-channel-key',
  },
  users: [
    { id: '00000000-0000-4000-8000-000000000201', email: 'admin@other-shop.test', name: '陈静', role: 'seller_admin' },
  ],
  deciders: ['admin@other-shop.test'],
  returns: [
    [1, 'requested', 'buyer_return', '', { dueWithin24h: true }],
    [1, 'requested', 'defect_claim', ''],
    [1, 'approved', 'buyer_return', 'approve'],
    [1, 'in_transit', 'buyer_return', 'approve ship'],
    [1, 'in_transit', 'refused_delivery', ''],
    [1, 'received', 'defect_claim', 'approve ship receive'],
    [1, 'inspected', 'buyer_return', 'approve ship receive inspect-mixed'],
    [1, 'refunded', 'buyer_return', 'approve ship receive inspect-intact refund', { wholeOrder: true }],
    [1, 'refunded', 'refused_delivery', 'receive inspect-intact refund'],
    [1, 'partially_refunded', 'buyer_return', 'approve-with-fee ship receive inspect-intact refund'],
    [1, 'rejected', 'buyer_return', 'reject'],
    [1, 'return_rejected', 'buyer_return', 'approve ship receive inspect-bad reject-after-inspection'],
    [1, 'compensation_offered', 'defect_claim', 'offer'],
    [1, 'compensated', 'defect_claim', 'offer accept'],
    [1, 'arbitration', 'buyer_return', 'reject dispute'],
    [1, 'closed', 'buyer_return', 'withdraw'],
    [1, 'closed', 'buyer_return', 'approve-short expire'],
  ],
  unmatchedParcels: { withCandidates: 1, withoutCandidates: 1 },
};

const OPS_USER: DemoUser = {
  id: '00000000-0000-4000-8000-000000000301',
  email: 'ops@aftersale.test',
  name: 'Мария Волкова',
  role: 'ops',
};

export interface SeedOptions {
  /** where the api's attachment storage keeps its files: `ATTACHMENTS_DIR`, `./var/attachments` by default */
  attachmentsDir?: string;
}

/** Loads the demo data unless Demo Shop exists already. Never call it in production (the entry refuses). */
export async function seedDemoData(
  dataSource: DataSource,
  log: (line: string) => void = () => undefined,
  options: SeedOptions = {},
): Promise<{ created: boolean }> {
  const users = [...DEMO_SHOP.users, ...OTHER_SHOP.users, OPS_USER];
  // scrypt is slow on purpose: hashed before the transaction, each with its own salt, at the api's cost
  const cost = scryptParams(loadServerConfig().passwordScryptLogN);
  const hashes = new Map(
    await Promise.all(users.map(async (user) => [user.email, await hashPassword(DEMO_PASSWORD, cost)] as const)),
  );
  const now = new Date();
  return dataSource.transaction(async (manager) => {
    if (await manager.existsBy(SellerOrmEntity, { id: DEMO_SHOP_ID })) {
      log('demo data: Demo Shop exists already, nothing to do');
      return { created: false };
    }
    const reasons = new Map((await manager.find(ReasonOrmEntity)).map((reason) => [reason.id, reason]));
    for (const seller of [DEMO_SHOP, OTHER_SHOP]) {
      await insertSeller(manager, seller, (email) => hashes.get(email)!);
    }
    await manager.insert(UserOrmEntity, { ...OPS_USER, passwordHash: hashes.get(OPS_USER.email)!, sellerId: null });
    log(`demo data: 2 sellers, ${users.length} users (password "${DEMO_PASSWORD}"), 2 channel keys`);
    const ops: ActorRef = { kind: 'user', id: OPS_USER.id, name: OPS_USER.name };
    const photos: DemoAttachment[] = [];
    for (const seller of [DEMO_SHOP, OTHER_SHOP]) {
      const teller = new StoryTeller(seller, reasons, now);
      const cancellations = teller.tell();
      // after the cancellations' stories, so those stay exactly as they were; their refused orders get their cases
      const returns = new ReturnTeller(seller, reasons, now, teller, ops).tell(cancellations);
      const stories = [...cancellations, ...returns.stories].sort(
        (a, b) => a.order.createdAt.getTime() - b.order.createdAt.getTime(),
      );
      // the photos' rows first: every case, parcel and message that names one finds it
      if (returns.attachments.length)
        await manager.insert(
          AttachmentOrmEntity,
          returns.attachments.map((attachment) => attachment.row),
        );
      await saveStories(manager, stories);
      if (returns.unmatchedParcels.length) await manager.insert(ParcelOrmEntity, returns.unmatchedParcels);
      photos.push(...returns.attachments);
      log(
        `demo data: ${seller.name}: ${describe(stories, returns.unmatchedParcels.length, returns.attachments.length)}`,
      );
    }
    // the files last: nothing is written when the data above fails (and the transaction rolls back when they fail)
    const directory = options.attachmentsDir ?? attachmentsDirectory();
    await writeDemoPhotos(
      directory,
      photos.map(({ row, bytes }) => ({ storageKey: row.storageKey, bytes })),
    );
    log(`demo data: ${photos.length} photos in ${directory}`);
    return { created: true };
  });
}

async function insertSeller(
  manager: EntityManager,
  seller: DemoSeller,
  hashOf: (email: string) => string,
): Promise<void> {
  await manager.insert(SellerOrmEntity, { id: seller.id, name: seller.name });
  await manager.insert(SellerSettingsOrmEntity, {
    sellerId: seller.id,
    cancellationDeadlineHours: DEADLINE_HOURS,
    returnDecisionDeadlineHours: DEADLINE_HOURS,
    defaultReturnAddress: seller.returnAddress,
    currency: CURRENCY,
    returnShipByDays: RETURN_SHIP_BY_DAYS,
    defaultReturnShippingFee: DEFAULT_RETURN_SHIPPING_FEE,
  });
  await manager.insert(
    UserOrmEntity,
    seller.users.map((user) => ({ ...user, passwordHash: hashOf(user.email), sellerId: seller.id })),
  );
  await manager.insert(ChannelKeyOrmEntity, {
    id: seller.channelKey.id,
    sellerId: seller.id,
    name: seller.channelKey.name,
    keyHash: hashChannelKey(seller.channelKey.key),
    revokedAt: null,
  });
}

async function saveStories(manager: EntityManager, stories: Story[]): Promise<void> {
  const orders = new OrderRepository(manager);
  const cancellations = new CancellationRequestRepository(manager);
  const refunds = new RefundRepository(manager);
  const returns = new ReturnCaseRepository(manager);
  const paid = (refund: Refund, at: Date) =>
    manager.insert(SimulatedPaymentOrmEntity, {
      idempotencyKey: refund.idempotencyKey,
      amount: refund.amount.amount,
      currency: refund.amount.currency,
      status: 'succeeded',
      createdAt: at,
    });
  let events: DomainEvent[] = [];
  for (const story of stories) {
    await orders.save(story.order);
    if (story.request) await cancellations.save(story.request);
    if (story.refund) {
      await refunds.save(story.refund);
      if (story.payment) await paid(story.refund, story.payment.at);
    }
    for (const returnCase of story.returns) await returns.save(returnCase);
    for (const { refund, paidAt } of story.caseRefunds) {
      await refunds.save(refund);
      if (paidAt) await paid(refund, paidAt);
    }
    if (story.parcels.length) await manager.insert(ParcelOrmEntity, story.parcels);
    if (story.messages.length) await manager.insert(MessageOrmEntity, story.messages as never);
    for (const event of story.events) {
      if (event.type !== MESSAGE_POSTED) {
        events.push(event);
        continue;
      }
      // a message's audit event (no outbox row, as appendMessage writes it) keeps its place in the case's timeline
      await appendEvents(manager, events);
      events = [];
      await manager.insert(AuditEventOrmEntity, {
        id: newId(),
        sellerId: event.sellerId,
        caseType: 'return',
        caseId: event.aggregateId,
        orderId: event.orderId,
        type: MESSAGE_POSTED,
        from: null,
        to: null,
        actor: event.actor,
        at: event.at,
        data: event.data,
      } as never);
    }
    if (events.length >= 500) {
      await appendEvents(manager, events);
      events = [];
    }
  }
  await appendEvents(manager, events);
}

function describe(stories: Story[], unmatchedParcels: number, photos: number): string {
  const count = (values: string[]) => {
    const counts = new Map<string, number>();
    values.forEach((value) => counts.set(value, (counts.get(value) ?? 0) + 1));
    return [...counts].map(([value, n]) => `${n} ${value}`).join(', ');
  };
  const requests = stories.flatMap((story) => (story.request ? [story.request.state] : []));
  const refunds = stories.flatMap((story) =>
    [...(story.refund ? [story.refund] : []), ...story.caseRefunds.map((r) => r.refund)].map((r) => r.state),
  );
  const returns = stories.flatMap((story) => story.returns);
  const parcels = stories.reduce((sum, story) => sum + story.parcels.length, 0);
  const messages = stories.reduce((sum, story) => sum + story.messages.length, 0);
  return (
    `${stories.length} orders (${count(stories.map((story) => story.order.status))}); ${requests.length} cancellation requests (${count(requests)}); ` +
    `${returns.length} return cases (${count(returns.map((c) => `${c.type} ${c.state}`))}); ` +
    `${refunds.length} refunds (${count(refunds)}); ${parcels + unmatchedParcels} parcels (${unmatchedParcels} unmatched); ${messages} messages; ${photos} photos`
  );
}

/** Plays one seller's scenarios through the domain, at moments spread over the last 30 days. */
class StoryTeller implements OrderMaker {
  private readonly rng: Prng;
  private readonly channel: ActorRef;
  private readonly deciders: ActorRef[];
  private readonly postingNumbers = new Set<string>();

  constructor(
    private readonly seller: DemoSeller,
    private readonly reasons: Map<string, ReasonOrmEntity>,
    private readonly now: Date,
  ) {
    this.rng = new Prng(seller.seed);
    this.channel = { kind: 'channel', id: seller.id, name: seller.channelKey.name };
    this.deciders = seller.deciders.map((email) => {
      const user = seller.users.find((candidate) => candidate.email === email)!;
      return { kind: 'user', id: user.id, name: user.name };
    });
  }

  tell(): Story[] {
    const scenarios = this.seller.plan.flatMap(([count, scenario]) => Array.from({ length: count }, () => scenario));
    if (scenarios.length > this.seller.orders)
      throw new Error(`${this.seller.name}: the plan has more scenarios than orders`);
    while (scenarios.length < this.seller.orders) scenarios.push({ kind: 'delivered' });
    const stories = this.rng.shuffle(scenarios).map((scenario) => this.play(scenario));
    const late = stories.flatMap((story) => story.events).find((event) => event.at > this.now);
    if (late) throw new Error(`demo data: ${late.type} of order ${late.orderId} would happen in the future`);
    return stories.sort((a, b) => a.order.createdAt.getTime() - b.order.createdAt.getTime());
  }

  private play(scenario: Scenario): Story {
    switch (scenario.kind) {
      case 'pending':
        return this.newOrder(this.ago(5 * MINUTE, 8 * HOUR));
      case 'processing': {
        const story = this.newOrder(this.ago(2 * HOUR, 3 * DAY));
        this.processSoon(story);
        return story;
      }
      case 'shipped': {
        const story = this.newOrder(this.ago(36 * HOUR, 6 * DAY));
        this.processAndShip(story);
        return story;
      }
      case 'delivered':
      case 'delivery-refused': {
        const story = this.newOrder(this.ago(5 * DAY, 30 * DAY));
        const shippedAt = this.processAndShip(story);
        const at = this.after(shippedAt, DAY, 4 * DAY);
        const move = scenario.kind === 'delivered' ? deliverOrder : refuseOrderDelivery;
        story.events.push(...move(story.order, null, this.channel, at));
        return story;
      }
      case 'cancelled-while-pending': {
        // a pending refund is one the payment queue has not reached yet: minutes old
        const recent = scenario.refund === 'pending';
        const story = this.newOrder(recent ? this.ago(30 * MINUTE, 3 * HOUR) : this.ago(3 * HOUR, 30 * DAY));
        const at = recent ? this.ago(2 * MINUTE, 15 * MINUTE) : this.after(story.order.createdAt, 5 * MINUTE, 6 * HOUR);
        const initiator = this.rng.chance(0.8) ? 'buyer' : 'marketplace';
        this.openRequest(story, at, initiator); // a pending order: approved by the system at once
        this.refundInFull(story, this.channel, at, scenario.refund);
        return story;
      }
      case 'approved': {
        const story = this.newOrder(this.ago(4 * DAY, 30 * DAY));
        const requestedAt = this.after(this.processSoon(story), 30 * MINUTE, 20 * HOUR);
        const request = this.openRequest(story, requestedAt, this.rng.chance(0.85) ? 'buyer' : 'marketplace');
        const decider = this.decider();
        const decidedAt = this.after(requestedAt, 10 * MINUTE, 48 * HOUR);
        const comment = this.rng.chance(0.35) ? this.rng.pick(APPROVAL_COMMENTS) : null;
        story.events.push(...request.approve(story.order, decider, decidedAt, comment));
        this.refundInFull(story, decider, decidedAt, scenario.refund);
        return story;
      }
      case 'auto-approved': {
        const story = this.newOrder(this.ago(5 * DAY, 30 * DAY));
        const requestedAt = this.after(this.processSoon(story), 30 * MINUTE, 12 * HOUR);
        const request = this.openRequest(story, requestedAt, 'buyer');
        // the deadline job fires a moment after the deadline
        const firedAt = new Date(request.deadlineAt!.getTime() + this.rng.int(SECOND, 90 * SECOND));
        story.events.push(...request.expireDeadline(story.order, firedAt));
        this.refundInFull(story, DEADLINE_ACTOR, firedAt, scenario.refund);
        return story;
      }
      case 'seller-cancelled':
        return this.sellerCancelled(scenario.refund);
      case 'awaiting':
        return this.awaiting(scenario.dueWithin24h, scenario.initiator);
      case 'rejected': {
        const story = this.newOrder(this.ago(2 * DAY, 30 * DAY));
        const requestedAt = this.after(this.processSoon(story), 30 * MINUTE, 10 * HOUR);
        const request = this.openRequest(story, requestedAt, 'buyer');
        const decidedAt = this.after(requestedAt, 10 * MINUTE, 24 * HOUR);
        const reasonId = this.reason('already-handed-to-carrier', 'cancellation-rejection').id;
        const comment = rejectionComment(
          this.rng.int(0, 3),
          String(this.rng.int(10_000_000, 99_999_999)) + String(this.rng.int(1000, 9999)),
        );
        story.events.push(...request.reject(story.order, this.decider(), decidedAt, reasonId, comment));
        this.deliverIfTimeAllows(story, this.ship(story, this.after(decidedAt, 5 * MINUTE, 2 * HOUR)));
        return story;
      }
      case 'withdrawn': {
        const story = this.newOrder(this.ago(2 * DAY, 30 * DAY));
        const requestedAt = this.after(this.processSoon(story), 30 * MINUTE, 10 * HOUR);
        const request = this.openRequest(story, requestedAt, 'buyer');
        const withdrawnAt = this.after(requestedAt, 10 * MINUTE, 20 * HOUR);
        story.events.push(...request.withdraw(story.order, this.channel, withdrawnAt));
        this.deliverIfTimeAllows(story, this.ship(story, this.after(withdrawnAt, HOUR, 24 * HOUR)));
        return story;
      }
      case 'superseded': {
        // the carrier asks to cancel a shipped order (parcel missing), then finds and delivers it
        const story = this.newOrder(this.ago(6 * DAY, 30 * DAY));
        const shippedAt = this.processAndShip(story);
        const requestedAt = this.after(shippedAt, 12 * HOUR, 48 * HOUR);
        const request = this.openRequest(
          story,
          requestedAt,
          'carrier',
          'lost-by-carrier',
          this.rng.pick(CARRIER_COMMENTS),
        );
        story.events.push(
          ...deliverOrder(story.order, request, this.channel, this.after(requestedAt, 2 * HOUR, 40 * HOUR)),
        );
        return story;
      }
    }
  }

  private sellerCancelled(fate: RefundFate): Story {
    const recent = fate === 'pending';
    const story = this.newOrder(recent ? this.ago(HOUR, 6 * HOUR) : this.ago(2 * DAY, 30 * DAY));
    let at = story.order.createdAt;
    if (this.rng.chance(0.5) && !recent) at = this.process(story, this.after(at, 20 * MINUTE, 10 * HOUR));
    const cancelledAt = recent ? this.ago(2 * MINUTE, 15 * MINUTE) : this.after(at, 30 * MINUTE, 24 * HOUR);
    const decider = this.decider();
    const reason = this.reason('out-of-stock', 'seller-cancellation');
    const { request, events } = CancellationRequest.openBySeller(
      { id: this.rng.uuid(), order: story.order, reasonId: reason.id, reason },
      decider,
      cancelledAt,
    );
    story.request = request;
    story.events.push(...events);
    this.refundInFull(story, decider, cancelledAt, fate);
    return story;
  }

  /** Waiting for the seller, deadline ahead: within 24 h for some, so the dashboard's "due soon" has entries. */
  private awaiting(dueWithin24h: boolean, initiator: Exclude<CancellationInitiator, 'seller'>): Story {
    const requestedAt = dueWithin24h
      ? this.ago(49 * HOUR, DEADLINE_HOURS * HOUR - 30 * MINUTE)
      : this.ago(30 * MINUTE, 47 * HOUR);
    if (initiator === 'carrier') {
      // a carrier may still ask while the order is shipped
      const story = this.newOrder(new Date(requestedAt.getTime() - this.rng.int(30 * HOUR, 60 * HOUR)));
      const processedAt = this.processSoon(story);
      this.ship(story, this.after(processedAt, 6 * HOUR, 18 * HOUR));
      this.openRequest(story, requestedAt, 'carrier', 'cannot-deliver-to-region');
      return story;
    }
    const createdAt = new Date(requestedAt.getTime() - this.rng.int(4 * HOUR, 30 * HOUR));
    const story = this.newOrder(createdAt);
    this.process(
      story,
      new Date(
        createdAt.getTime() +
          this.rng.int(20 * MINUTE, Math.min(10 * HOUR, requestedAt.getTime() - createdAt.getTime() - 10 * MINUTE)),
      ),
    );
    this.openRequest(
      story,
      requestedAt,
      initiator,
      initiator === 'marketplace' ? 'cannot-deliver-to-region' : undefined,
    );
    return story;
  }

  /**
   * For the returns, after `tell`: an order delivered (or refused at the door) at `at`, created, processed and
   * shipped in the days before, with at least `minUnits` units.
   */
  orderEndingAt(at: Date, refused: boolean, minUnits: number): Story {
    const processing = this.rng.int(20 * MINUTE, 10 * HOUR);
    const shipping = this.rng.int(6 * HOUR, 36 * HOUR);
    const delivering = this.rng.int(DAY, 4 * DAY);
    const story = this.newOrder(new Date(at.getTime() - delivering - shipping - processing), minUnits);
    const processedAt = this.process(story, new Date(story.order.createdAt.getTime() + processing));
    this.ship(story, new Date(processedAt.getTime() + shipping));
    story.events.push(...(refused ? refuseOrderDelivery : deliverOrder)(story.order, null, this.channel, at));
    return story;
  }

  private newOrder(at: Date, minUnits = 1): Story {
    const lineCount = this.rng.pick([1, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
    const lines: OrderLine[] = this.rng
      .shuffle([...this.seller.products])
      .slice(0, lineCount)
      .map((product) => ({
        sku: product.sku,
        name: product.name,
        quantity: this.rng.pick([1, 1, 1, 1, 1, 1, 2, 2, 2, 3]),
        unitPrice: { amount: product.price, currency: CURRENCY },
      }));
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    if (units < minUnits) lines[0].quantity += minUnits - units;
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0);
    // a quarter of the orders had a discount: paid less than the lines, in whole roubles
    const discount = this.rng.chance(0.25) ? Math.round((total * this.rng.int(5, 15)) / 100 / 100) * 100 : 0;
    const buyer = this.rng.chance(this.seller.chineseBuyers)
      ? this.rng.pick(CHINESE_BUYERS)
      : this.rng.pick(RUSSIAN_BUYERS);
    const email = this.rng.chance(0.7) ? `${buyer.latin}${this.rng.int(1, 99)}@example.com` : undefined;
    const { order, events } = Order.create(
      {
        id: this.rng.uuid(),
        sellerId: this.seller.id,
        postingNumber: this.postingNumber(),
        buyer: { name: buyer.name, ...(email ? { email } : {}) },
        lines,
        paid: { amount: total - discount, currency: CURRENCY },
      },
      this.channel,
      at,
    );
    return newStory(order, events);
  }

  /** `<4 digits>-<4 digits>`, unique within the seller. */
  private postingNumber(): string {
    for (;;) {
      const candidate = `${this.rng.int(1000, 9999)}-${String(this.rng.int(1, 9999)).padStart(4, '0')}`;
      if (this.postingNumbers.has(candidate)) continue;
      this.postingNumbers.add(candidate);
      return candidate;
    }
  }

  private process(story: Story, at: Date): Date {
    story.events.push(...story.order.process(this.decider(), at));
    return at;
  }

  private ship(story: Story, at: Date): Date {
    story.events.push(...story.order.ship(this.decider(), at));
    return at;
  }

  /** Processed 20 min to 10 h after the order came in, shipped 6 to 36 h later. */
  private processAndShip(story: Story): Date {
    const processedAt = this.processSoon(story);
    return this.ship(story, this.after(processedAt, 6 * HOUR, 36 * HOUR));
  }

  private processSoon(story: Story): Date {
    return this.process(story, this.after(story.order.createdAt, 20 * MINUTE, 10 * HOUR));
  }

  private deliverIfTimeAllows(story: Story, shippedAt: Date): void {
    if (shippedAt.getTime() + 4 * DAY < this.now.getTime() - 10 * MINUTE)
      story.events.push(...deliverOrder(story.order, null, this.channel, this.after(shippedAt, DAY, 4 * DAY)));
  }

  private openRequest(
    story: Story,
    at: Date,
    initiator: Exclude<CancellationInitiator, 'seller'>,
    reasonId?: string,
    comment?: string,
  ): CancellationRequest {
    const reason = this.reason(reasonId ?? this.rng.pick(BUYER_REASON_IDS), 'cancellation');
    const text = comment ?? (reason.isCommentRequired ? this.rng.pick(OTHER_REASON_COMMENTS) : null);
    const { request, events } = CancellationRequest.open(
      {
        id: this.rng.uuid(),
        order: story.order,
        reasonId: reason.id,
        comment: text,
        initiator,
        reason,
        deadlineHours: DEADLINE_HOURS,
      },
      this.channel,
      at,
    );
    story.request = request;
    story.events.push(...events);
    return request;
  }

  /**
   * The cancelled order's full refund, created with the decision (as the worker's issueRefund does), then
   * paid by the refund job: succeeded at the first attempt, failed after the job's last attempt, or not yet tried.
   */
  private refundInFull(story: Story, actor: ActorRef, at: Date, fate: RefundFate): void {
    const { order, request } = story;
    const heldAmount = 0; // the order's first and only refund
    const { refund, events } = Refund.create(
      {
        id: this.rng.uuid(),
        order,
        causeType: 'cancellation',
        causeId: request!.id,
        amount: fullRefundAmount(order.paid, heldAmount),
        heldAmount,
      },
      actor,
      at,
    );
    story.refund = refund;
    story.events.push(...events);
    const paid = payRefund(this.rng, refund, order, at, fate);
    story.events.push(...paid.events);
    if (paid.paidAt) story.payment = { at: paid.paidAt };
  }

  private decider(): ActorRef {
    return this.rng.pick(this.deciders);
  }

  private reason(id: string, kind: ReasonKind): ReasonOrmEntity {
    const reason = this.reasons.get(id);
    if (!reason || reason.kind !== kind)
      throw new Error(`demo data: the reasons catalogue has no ${kind} reason ${id}`);
    return reason;
  }

  /** A moment between `min` and `max` ago. */
  private ago(min: number, max: number): Date {
    return new Date(this.now.getTime() - this.rng.int(min, max));
  }

  /** A moment `min` to `max` after `from`, but no later than 10 minutes ago (room for a refund's attempts). */
  private after(from: Date, min: number, max: number): Date {
    const start = from.getTime();
    const latest = Math.min(start + max, this.now.getTime() - 10 * MINUTE);
    if (latest <= start) return new Date(start + SECOND);
    return new Date(this.rng.int(Math.min(start + min, latest), latest));
  }
}
