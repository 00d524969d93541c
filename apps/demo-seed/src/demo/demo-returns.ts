import {
  ActorRef,
  InspectionOutcome,
  MessageAuthor,
  Money,
  ParcelCondition,
  RefundCauseType,
  ReturnState,
  ReturnType,
  Role,
} from '@aftersale/contracts';
import {
  allUnitsSettled,
  InspectReturnInput,
  matchParcel,
  Order,
  Refund,
  returnableOrder,
  ReturnCase,
  ReturnDefaults,
  SkuQuantity,
} from '@aftersale/domain';
import {
  AttachmentOrmEntity,
  MESSAGE_POSTED,
  newParcel,
  ParcelOrmEntity,
  ReasonOrmEntity,
} from '@aftersale/server/persistence';
import {
  ARBITRATION_COMMENTS,
  BUYER_RETURN_REASON_IDS,
  ChatLine,
  ChatSpeaker,
  CLOSE_COMMENTS,
  DAMAGED_PARCEL_NOTES,
  DEFECT_CLAIM_REASON_IDS,
  DISPUTE_COMMENTS,
  INSPECTION_NOTES,
  Localized,
  PHOTO_FILE_NAMES,
  RETURN_CHATS,
  RETURN_COMMENTS,
  RETURN_REJECTION_COMMENTS,
  UNMATCHED_PARCEL_NOTES,
} from './demo-catalogue';
import { demoPng } from './demo-photos';
import { CURRENCY, DAY, DEADLINE_HOURS, HOUR, MessageRow, MINUTE, payRefund, Prng, SECOND, Story } from './demo-story';

/**
 * The demo's return cases (docs/rules.md#the-return-cases-state-machine): every state of every type, reached through ReturnCase's own
 * transitions the way the worker's handlers drive them — with the parcels the warehouse scanned (and some
 * it could not match), the messages and photos on the cases, the refunds the decisions created and the
 * orders that came back whole marked `returned`.
 */

/** The seller's return settings the demo sellers are created with (seller_settings). */
export const RETURN_SHIP_BY_DAYS = 14;
export const DEFAULT_RETURN_SHIPPING_FEE = 0;

export type ReturnMove =
  | 'approve'
  | 'approve-with-fee'
  | 'approve-short'
  | 'auto-approve'
  | 'reject'
  | 'offer'
  | 'accept'
  | 'decline'
  | 'ship'
  | 'receive'
  | 'receive-damaged'
  | 'inspect-intact'
  | 'inspect-mixed'
  | 'inspect-bad'
  | 'refund'
  | 'refund-part'
  | 'refund-without-return'
  | 'reject-after-inspection'
  | 'dispute'
  | 'arbitrate-approve'
  | 'arbitrate-reject'
  | 'withdraw'
  | 'close'
  | 'expire';

export interface ReturnScenarioOptions {
  /** a request whose decision deadline falls within the next 24 hours */
  dueWithin24h?: boolean;
  /** the case's refund fails after the refund job's last attempt */
  refundFails?: boolean;
  /** all of the order's units (so a refund after the return settles the order) rather than some of one line */
  wholeOrder?: boolean;
}

/** [how many, the state they end in, type, the moves after opening (space-separated), options] */
export type ReturnPlan = ReadonlyArray<
  readonly [count: number, state: ReturnState, type: ReturnType, moves: string, options?: ReturnScenarioOptions]
>;

export interface ReturnSeller {
  id: string;
  seed: number;
  returnAddress: string;
  channelKey: { name: string };
  users: ReadonlyArray<{ id: string; email: string; name: string; role: Role }>;
  deciders: readonly string[];
  returns: ReturnPlan;
  unmatchedParcels: { withCandidates: number; withoutCandidates: number };
}

/** Makes the orders the returns need: delivered (or refused at the door) at the given moment. */
export interface OrderMaker {
  orderEndingAt(at: Date, refused: boolean, minUnits: number): Story;
}

/** An attachment row and the bytes to store under its key. */
export interface DemoAttachment {
  row: AttachmentOrmEntity;
  bytes: Buffer;
}

export interface ReturnsOutcome {
  /** the orders made for the returns (the refused orders of the cancellations' stories got their cases in place) */
  stories: Story[];
  unmatchedParcels: ParcelOrmEntity[];
  attachments: DemoAttachment[];
}

interface Scenario {
  state: ReturnState;
  type: ReturnType;
  moves: ReturnMove[];
  options: ReturnScenarioOptions;
}

interface Schedule {
  openAt: Date;
  steps: Array<{ move: ReturnMove; at: Date }>;
  /** for `approve-short`: the ship-by date that `expire` then passes */
  shipDays: number;
}

interface CaseContext {
  story: Story;
  scenario: Scenario;
  returnCase: ReturnCase;
  lang: keyof Localized;
}

type Range = readonly [min: number, max: number];

/** How long after the previous step each move comes (decision deadlines, offers and disputes allow it). */
const GAPS: Record<Exclude<ReturnMove, 'auto-approve' | 'expire'>, Range> = {
  approve: [10 * MINUTE, 48 * HOUR],
  'approve-with-fee': [10 * MINUTE, 48 * HOUR],
  'approve-short': [10 * MINUTE, 48 * HOUR],
  reject: [10 * MINUTE, 48 * HOUR],
  offer: [10 * MINUTE, 40 * HOUR],
  accept: [15 * MINUTE, 60 * HOUR],
  decline: [30 * MINUTE, 48 * HOUR],
  ship: [2 * HOUR, 3 * DAY],
  receive: [DAY, 5 * DAY],
  'receive-damaged': [DAY, 5 * DAY],
  'inspect-intact': [HOUR, 30 * HOUR],
  'inspect-mixed': [HOUR, 30 * HOUR],
  'inspect-bad': [HOUR, 30 * HOUR],
  refund: [10 * MINUTE, 20 * HOUR],
  'refund-part': [10 * MINUTE, 20 * HOUR],
  'refund-without-return': [10 * MINUTE, 40 * HOUR],
  'reject-after-inspection': [HOUR, 24 * HOUR],
  dispute: [2 * HOUR, 4 * DAY],
  'arbitrate-approve': [4 * HOUR, 3 * DAY],
  'arbitrate-reject': [4 * HOUR, 3 * DAY],
  withdraw: [30 * MINUTE, 40 * HOUR],
  close: [HOUR, 40 * HOUR],
};

/**
 * How long ago a case may have reached its state: waiting states recently enough that their timers are
 * still ahead (decision 72 h, offer 72 h, ship-by 7+ days) and the warehouse or ops still has them on the
 * desk; settled ones any time in the month.
 */
const WINDOWS: Record<ReturnState, Range> = {
  requested: [10 * MINUTE, 47 * HOUR],
  approved: [10 * MINUTE, 6 * DAY],
  in_transit: [10 * MINUTE, 6 * DAY],
  received: [10 * MINUTE, 3 * DAY],
  inspected: [10 * MINUTE, 3 * DAY],
  compensation_offered: [10 * MINUTE, 70 * HOUR],
  arbitration: [10 * MINUTE, 4 * DAY],
  rejected: [10 * MINUTE, 20 * DAY],
  return_rejected: [10 * MINUTE, 20 * DAY],
  refunded: [10 * MINUTE, 25 * DAY],
  partially_refunded: [10 * MINUTE, 25 * DAY],
  compensated: [10 * MINUTE, 25 * DAY],
  closed: [10 * MINUTE, 25 * DAY],
};
const DUE_WITHIN_24H: Range = [48 * HOUR + 10 * MINUTE, (DEADLINE_HOURS - 1) * HOUR];

/** From delivery to the buyer opening the case. */
const DELIVERY_TO_OPEN: Range = [3 * HOUR, 4 * DAY];
/** The most an order takes from creation to delivery (StoryTeller: processed ≤ 10 h, shipped ≤ 36 h later, delivered ≤ 4 days later). */
const ORDER_LEAD = 10 * HOUR + 36 * HOUR + 4 * DAY;
/** New orders stay within the demo's month. */
const MAX_AGE = 29 * DAY;

/** A refused order whose case found no planned scenario that fits its time: back, inspected and refunded, or still on its way. */
const REFUSED_FALLBACKS: Scenario[] = [
  { state: 'refunded', type: 'refused_delivery', moves: ['receive', 'inspect-intact', 'refund'], options: {} },
  { state: 'in_transit', type: 'refused_delivery', moves: [], options: {} },
];

const RETURN_SHIPPING_FEES = [24_900, 29_900, 34_900];
/** Outcomes of units that came back as they were sold: the warehouse photographs the others. */
const GOOD_OUTCOMES: readonly InspectionOutcome[] = ['intact', 'opened_unused'];

/** What was said on the case after each move, and how likely. */
const CHAT_AFTER: Partial<Record<ReturnMove, Array<[topic: string, probability: number]>>> = {
  approve: [['approved', 0.4]],
  'approve-with-fee': [['approved', 0.4]],
  'approve-short': [['approved', 0.3]],
  'auto-approve': [['approved', 0.3]],
  'arbitrate-approve': [['approved', 0.3]],
  ship: [['shipped', 0.5]],
  'receive-damaged': [['received-damaged', 1]],
  'inspect-intact': [['inspected', 0.5]],
  'inspect-mixed': [['inspected', 0.7]],
  'inspect-bad': [['inspected', 0.7]],
  reject: [['rejected', 0.6]],
  'reject-after-inspection': [['return-rejected', 0.8]],
  dispute: [
    ['disputed', 1],
    ['arbitration', 0.8],
  ],
  offer: [['offered', 0.6]],
  accept: [['accepted', 0.5]],
  refund: [['refunded', 0.4]],
  'refund-part': [['refunded', 0.4]],
  'refund-without-return': [['refunded', 0.4]],
  withdraw: [['withdrawn', 0.6]],
};

const CHINESE = /[\u4e00-\u9fff]/;

/** Plays one seller's return scenarios through ReturnCase, at moments spread over the last 30 days. */
export class ReturnTeller {
  private readonly rng: Prng;
  private readonly channel: ActorRef;
  private readonly deciders: ActorRef[];
  private readonly admin: ActorRef;
  private readonly warehouse: ActorRef;
  private readonly defaults: ReturnDefaults;
  private readonly trackingNumbers = new Set<string>();
  private readonly cases: ReturnCase[] = [];
  private readonly attachments: DemoAttachment[] = [];

  constructor(
    private readonly seller: ReturnSeller,
    private readonly reasons: Map<string, ReasonOrmEntity>,
    private readonly now: Date,
    private readonly orders: OrderMaker,
    private readonly ops: ActorRef,
  ) {
    // a generator of its own: the cancellations' stories stay exactly what they were
    this.rng = new Prng(seller.seed ^ 0x7e7a0000);
    this.channel = { kind: 'channel', id: seller.id, name: seller.channelKey.name };
    const actor = (user: { id: string; name: string }): ActorRef => ({ kind: 'user', id: user.id, name: user.name });
    this.deciders = seller.deciders.map((email) => actor(seller.users.find((user) => user.email === email)!));
    const admin = seller.users.find((user) => user.role === 'seller_admin')!;
    this.admin = actor(admin);
    this.warehouse = actor(seller.users.find((user) => user.role === 'warehouse') ?? admin);
    this.defaults = {
      returnAddress: seller.returnAddress,
      shipByDays: RETURN_SHIP_BY_DAYS,
      returnShippingFee: { amount: DEFAULT_RETURN_SHIPPING_FEE, currency: CURRENCY },
    };
  }

  /** `existing`: the cancellations' stories; their refused orders get the case the app opens with a refusal. */
  tell(existing: Story[]): ReturnsOutcome {
    const scenarios: Scenario[] = this.seller.returns.flatMap(([count, state, type, moves, options]) =>
      Array.from({ length: count }, () => ({
        state,
        type,
        moves: moves.split(' ').filter(Boolean) as ReturnMove[],
        options: options ?? {},
      })),
    );
    // The newest refusals are still on their way back; older ones get the planned scenarios their time allows.
    const refusals = existing
      .filter((story) => story.order.status === 'delivery_refused')
      .map((story) => ({
        story,
        at: story.events.find((event) => event.type === 'OrderDeliveryRefused' && event.orderId === story.order.id)!.at,
      }))
      .sort((a, b) => b.at.getTime() - a.at.getTime());
    const refusedScenarios = scenarios
      .filter((s) => s.type === 'refused_delivery')
      .sort((a, b) => this.shortest(a) - this.shortest(b));
    for (const { story, at } of refusals) {
      let placed = false;
      for (let i = 0; i < refusedScenarios.length && !placed; i++) {
        const schedule = this.schedule(refusedScenarios[i], at);
        if (!schedule) continue;
        this.play(story, refusedScenarios[i], schedule);
        refusedScenarios.splice(i, 1);
        placed = true;
      }
      for (const fallback of placed ? [] : REFUSED_FALLBACKS) {
        const schedule = this.schedule(fallback, at, true);
        if (!schedule) continue;
        this.play(story, fallback, schedule);
        break;
      }
    }
    const stories: Story[] = [];
    for (const scenario of [...scenarios.filter((s) => s.type !== 'refused_delivery'), ...refusedScenarios]) {
      const schedule = this.schedule(scenario, null)!;
      const refused = scenario.type === 'refused_delivery';
      const endsAt = refused
        ? schedule.openAt
        : new Date(schedule.openAt.getTime() - this.rng.int(...DELIVERY_TO_OPEN));
      const story = this.orders.orderEndingAt(endsAt, refused, scenario.moves.includes('inspect-mixed') ? 2 : 1);
      this.play(story, scenario, schedule);
      stories.push(story);
    }
    const unmatchedParcels = this.unmatchedParcels();
    const late = [...existing, ...stories].flatMap((story) => story.events).find((event) => event.at > this.now);
    if (late) throw new Error(`demo data: ${late.type} of order ${late.orderId} would happen in the future`);
    const old = stories.find((story) => story.order.createdAt.getTime() < this.now.getTime() - 30 * DAY);
    if (old) throw new Error(`demo data: order ${old.order.postingNumber} would be older than the demo's month`);
    return { stories, unmatchedParcels, attachments: this.attachments };
  }

  private shortest(scenario: Scenario): number {
    return this.ranges(scenario, 0).reduce((sum, [min]) => sum + min, 0);
  }

  private ranges(scenario: Scenario, shipDays: number): Range[] {
    const { moves, type } = scenario;
    return moves.map((move, i): Range => {
      const previous = i > 0 ? moves[i - 1] : null;
      if (move === 'auto-approve') return [DEADLINE_HOURS * HOUR + SECOND, DEADLINE_HOURS * HOUR + 90 * SECOND];
      if (move === 'expire') return [shipDays * DAY + SECOND, shipDays * DAY + 90 * SECOND];
      // a parcel on its way back is given up as lost only after days
      if (move === 'close' && (previous === 'ship' || (previous === null && type === 'refused_delivery')))
        return [3 * DAY, 8 * DAY];
      if ((move === 'receive' || move === 'receive-damaged') && previous === null && type === 'refused_delivery')
        return [DAY, 6 * DAY];
      return GAPS[move];
    });
  }

  /**
   * When each step happens. Free (`start` null): the last step lands in the state's window, the rest before it.
   * From a given start (a refusal that happened already): null when the steps cannot end in the window.
   */
  private schedule(scenario: Scenario, start: Date | null, anyAge = false): Schedule | null {
    const shipDays = this.rng.int(3, 6);
    const ranges = this.ranges(scenario, shipDays);
    const [windowMin, windowMax] = scenario.options.dueWithin24h ? DUE_WITHIN_24H : WINDOWS[scenario.state];
    const now = this.now.getTime();
    let gaps: number[];
    let openAt: number;
    if (start === null) {
      gaps = ranges.map(([min, max]) => this.rng.int(min, max));
      const lead = (scenario.type === 'refused_delivery' ? 0 : DELIVERY_TO_OPEN[1]) + ORDER_LEAD;
      // a long story is told faster, so that its order still falls within the month
      const budget = MAX_AGE - lead - windowMin;
      const minTotal = ranges.reduce((sum, [min]) => sum + min, 0);
      const drawn = gaps.reduce((sum, gap) => sum + gap, 0);
      if (drawn > budget)
        gaps = gaps.map(
          (gap, i) => ranges[i][0] + Math.floor(((gap - ranges[i][0]) * (budget - minTotal)) / (drawn - minTotal)),
        );
      const total = gaps.reduce((sum, gap) => sum + gap, 0);
      const endAgo = this.rng.int(windowMin, Math.max(windowMin, Math.min(windowMax, MAX_AGE - total - lead)));
      openAt = now - endAgo - total;
    } else {
      openAt = start.getTime();
      const minTotal = ranges.reduce((sum, [min]) => sum + min, 0);
      const maxTotal = ranges.reduce((sum, [, max]) => sum + max, 0);
      const earliest = Math.max(openAt + minTotal, anyAge ? 0 : now - windowMax);
      const latest = Math.min(openAt + maxTotal, now - windowMin);
      if (earliest > latest) return null;
      const end = this.rng.int(earliest, latest);
      const share = maxTotal > minTotal ? (end - openAt - minTotal) / (maxTotal - minTotal) : 0;
      gaps = ranges.map(([min, max]) => min + Math.floor((max - min) * share));
    }
    let at = openAt;
    const steps = scenario.moves.map((move, i) => ({ move, at: new Date((at += gaps[i])) }));
    return { openAt: new Date(openAt), steps, shipDays };
  }

  private play(story: Story, scenario: Scenario, schedule: Schedule): void {
    const lang = CHINESE.test(story.order.buyer.name) ? 'zh' : 'ru';
    const returnCase = this.open(story, scenario, schedule.openAt, lang);
    const context: CaseContext = { story, scenario, returnCase, lang };
    story.returns.push(returnCase);
    this.cases.push(returnCase);
    const times = [schedule.openAt, ...schedule.steps.map((step) => step.at)];
    // after the last step, the thread goes on for up to two days
    const until = (i: number) =>
      times[i + 1] ?? new Date(Math.min(this.now.getTime() - 5 * MINUTE, times[i].getTime() + 2 * DAY));
    const opened: Record<ReturnType, [string, number]> = {
      buyer_return: ['opened', 0.5],
      defect_claim: ['opened-defect', 0.8],
      refused_delivery: ['refused', 0.3],
    };
    // a request still waiting for the seller gets the buyer asking when, after whatever was said last
    const topics = (i: number) => {
      const move = i > 0 ? schedule.steps[i - 1].move : null;
      // an upheld dispute of an inspection goes back to `inspected`, not to shipping instructions
      const after =
        move === null
          ? [opened[scenario.type]]
          : move === 'arbitrate-approve' && returnCase.state !== 'approved'
            ? []
            : (CHAT_AFTER[move] ?? []);
      return [
        ...after,
        ...(i === times.length - 1 && scenario.state === 'requested' ? [['waiting', 0.5] as [string, number]] : []),
      ];
    };
    this.chat(context, topics(0), times[0], until(0));
    schedule.steps.forEach((step, i) => {
      this.apply(context, step.move, step.at, schedule.shipDays);
      this.chat(context, topics(i + 1), step.at, until(i + 1));
    });
    if (returnCase.state !== scenario.state) {
      throw new Error(
        `demo data: a ${scenario.type} through "${scenario.moves.join(' ')}" ends ${returnCase.state}, not ${scenario.state}`,
      );
    }
  }

  private open(story: Story, scenario: Scenario, at: Date, lang: keyof Localized): ReturnCase {
    const { order } = story;
    if (scenario.type === 'refused_delivery') {
      // as the refuse-delivery handler opens it: all lines, already on the way back, no tracking number yet
      const { returnCase, events } = ReturnCase.openRefusedDelivery(
        { id: this.rng.uuid(), order: returnableOrder(order) },
        this.channel,
        at,
      );
      story.events.push(...events);
      return returnCase;
    }
    const defect = scenario.type === 'defect_claim';
    const reason = this.reason(this.rng.pick(defect ? DEFECT_CLAIM_REASON_IDS : BUYER_RETURN_REASON_IDS), 'return');
    const whole = scenario.options.wholeOrder || scenario.moves.includes('inspect-mixed');
    const lines: SkuQuantity[] = whole
      ? order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }))
      : [this.someOfOneLine(order)];
    const comment = reason.isCommentRequired || this.rng.chance(0.6) ? RETURN_COMMENTS[reason.id][lang] : null;
    // a defect claim needs its evidence; some buyers send photos with a plain return too
    const photos = defect ? this.rng.int(1, 3) : this.rng.chance(0.2) ? 1 : 0;
    const attachmentIds = this.photos(photos, this.channel, at, PHOTO_FILE_NAMES.buyer);
    const { returnCase, events } = ReturnCase.open(
      {
        id: this.rng.uuid(),
        order: returnableOrder(order),
        type: scenario.type,
        lines,
        reasonId: reason.id,
        reason,
        comment,
        attachmentIds,
        alreadyReturned: [],
        decisionDeadlineHours: DEADLINE_HOURS,
      },
      this.channel,
      at,
    );
    story.events.push(...events);
    return returnCase;
  }

  private someOfOneLine(order: Order): SkuQuantity {
    const line = this.rng.pick(order.lines);
    return { sku: line.sku, quantity: this.rng.int(1, line.quantity) };
  }

  /** One move, by whom the api allows it: decisions by the seller's deciders, the buyer's by the channel, scans by the warehouse. */
  private apply(context: CaseContext, move: ReturnMove, at: Date, shipDays: number): void {
    const { story, returnCase, scenario, lang } = context;
    const events = story.events;
    const decider = this.decider();
    const fate = scenario.options.refundFails ? 'failed' : 'succeeded';
    switch (move) {
      case 'approve': {
        // half the approvals give a ship-by date of their own, the rest take the settings'
        const shipBy = this.rng.chance(0.5) ? new Date(at.getTime() + this.rng.int(7, 10) * DAY) : undefined;
        events.push(...returnCase.approve({ defaults: this.defaults, ...(shipBy ? { shipBy } : {}) }, decider, at));
        return;
      }
      case 'approve-with-fee': {
        const returnShippingFee = { amount: this.rng.pick(RETURN_SHIPPING_FEES), currency: CURRENCY };
        events.push(
          ...returnCase.approve(
            { defaults: this.defaults, returnShippingPaidBy: 'buyer', returnShippingFee },
            decider,
            at,
          ),
        );
        return;
      }
      case 'approve-short':
        events.push(
          ...returnCase.approve(
            { defaults: this.defaults, shipBy: new Date(at.getTime() + shipDays * DAY) },
            decider,
            at,
          ),
        );
        return;
      case 'auto-approve':
        events.push(...this.fired(returnCase.expireDecisionDeadline(at, this.defaults), move));
        return;
      case 'reject': {
        const reasonId =
          scenario.type === 'defect_claim'
            ? 'no-defect-found'
            : this.rng.pick(['return-window-passed', 'signs-of-use']);
        events.push(...returnCase.reject(this.rejection(reasonId, lang), decider, at));
        return;
      }
      case 'offer': {
        const lines = returnCase.linesAmount.amount;
        const amount = Math.min(lines - 1, Math.max(100, Math.round((lines * this.rng.int(15, 35)) / 100 / 100) * 100));
        events.push(
          ...returnCase.offerCompensation(
            { offerId: this.rng.uuid(), amount: { amount, currency: CURRENCY } },
            decider,
            at,
          ),
        );
        return;
      }
      case 'accept': {
        const { events: accepted, offer } = returnCase.acceptCompensation(this.channel, at);
        events.push(...accepted);
        // paid only now that the buyer accepts, with cause compensation:<offer id>
        this.caseRefund(story, 'compensation', offer.id, offer.amount, this.channel, at, fate);
        return;
      }
      case 'decline':
        events.push(...returnCase.declineCompensation(this.channel, at));
        return;
      case 'ship':
        events.push(...returnCase.ship(this.trackingNumber(), this.channel, at));
        return;
      case 'receive':
      case 'receive-damaged': {
        const damaged = move === 'receive-damaged';
        const condition: ParcelCondition = damaged
          ? 'damaged_packaging'
          : scenario.type !== 'refused_delivery' && this.rng.chance(0.15)
            ? 'opened'
            : 'intact';
        const parcel = newParcel({
          id: this.rng.uuid(),
          sellerId: this.seller.id,
          code: returnCase.trackingNumber ?? returnCase.postingNumber,
          condition,
          note: damaged ? this.rng.pick(DAMAGED_PARCEL_NOTES) : null,
          attachmentIds: this.photos(damaged ? 1 : 0, this.warehouse, at, PHOTO_FILE_NAMES.warehouse),
          returnId: returnCase.id,
          candidateReturnIds: [],
          actor: this.warehouse,
          at,
        });
        // as the receive-parcel handler does: the scan matches the case by tracking number, or by posting number while it waits
        const match = matchParcel(parcel.code, this.cases.map(candidateOf));
        if (!match.matched || match.returnId !== returnCase.id)
          throw new Error(`demo data: parcel ${parcel.code} would not match its return`);
        events.push(
          ...returnCase.receive(
            { parcelId: parcel.id, condition: parcel.condition, note: parcel.note },
            this.warehouse,
            at,
          ),
        );
        story.parcels.push(parcel);
        return;
      }
      case 'inspect-intact':
      case 'inspect-mixed':
      case 'inspect-bad': {
        const photos = this.photos(
          this.rng.chance(0.6) ? this.rng.int(1, 2) : 0,
          this.warehouse,
          at,
          PHOTO_FILE_NAMES.warehouse,
        );
        // the warehouse photographs the units that did not come back as sold; an inspection with none, the return
        const lines = this.inspection(returnCase, move, scenario.type);
        const faulty = lines.find((line) => !GOOD_OUTCOMES.includes(line.outcome));
        events.push(
          ...returnCase.inspect(
            faulty
              ? { lines: lines.map((line) => (line === faulty ? { ...line, attachmentIds: photos } : line)) }
              : { lines, attachmentIds: photos },
            this.warehouse,
            at,
          ),
        );
        return;
      }
      case 'refund':
      case 'refund-part': {
        const lines = returnCase.linesAmount.amount;
        const part =
          move === 'refund-part'
            ? {
                amount: Math.min(lines - 100, Math.round((lines * this.rng.int(40, 70)) / 100 / 100) * 100),
                currency: CURRENCY,
              }
            : undefined;
        const { events: refunded, amount } = returnCase.refund(part, decider, at);
        events.push(...refunded);
        this.caseRefund(story, 'return', returnCase.id, amount, decider, at, fate);
        this.settleOrder(story, decider, at);
        return;
      }
      case 'refund-without-return': {
        const { events: refunded, amount } = returnCase.refundWithoutReturn(undefined, decider, at);
        events.push(...refunded);
        this.caseRefund(story, 'return', returnCase.id, amount, decider, at, fate);
        return;
      }
      case 'reject-after-inspection': {
        const outcomes = returnCase.toSnapshot().inspection.map((line) => line.outcome);
        const reasonId = outcomes.includes('wrong_item')
          ? 'not-our-item'
          : scenario.type === 'defect_claim'
            ? 'no-defect-found'
            : 'signs-of-use';
        events.push(...returnCase.rejectAfterInspection(this.rejection(reasonId, lang), decider, at));
        return;
      }
      case 'dispute':
        events.push(...returnCase.dispute(this.rng.pick(DISPUTE_COMMENTS)[lang], this.channel, at));
        return;
      case 'arbitrate-approve':
      case 'arbitrate-reject': {
        const decision = move === 'arbitrate-approve' ? 'approved' : 'rejected';
        events.push(
          ...returnCase.arbitrate(
            { decision, comment: this.rng.pick(ARBITRATION_COMMENTS[decision]), defaults: this.defaults },
            this.ops,
            at,
          ),
        );
        return;
      }
      case 'withdraw':
        events.push(...returnCase.withdraw(this.channel, at));
        return;
      case 'close': {
        const comments = returnCase.state === 'in_transit' ? CLOSE_COMMENTS.in_transit : CLOSE_COMMENTS.open;
        events.push(...returnCase.close(this.rng.pick(comments), this.admin, at));
        return;
      }
      case 'expire':
        events.push(...this.fired(returnCase.expire(at), move));
        return;
    }
  }

  private fired<T>(events: T[], move: ReturnMove): T[] {
    if (events.length === 0) throw new Error(`demo data: the ${move} timer would not fire`);
    return events;
  }

  private rejection(reasonId: string, lang: keyof Localized) {
    const reason = this.reason(reasonId, 'return-rejection');
    const comments = RETURN_REJECTION_COMMENTS[reasonId] ?? [];
    const comment =
      comments.length && (reason.isCommentRequired || this.rng.chance(0.5)) ? this.rng.pick(comments)[lang] : null;
    return { reasonId, reason, comment };
  }

  /** Intact: every unit refundable. Mixed: one unit used, damaged or incomplete, the rest fine. Bad: none refundable. */
  private inspection(returnCase: ReturnCase, move: ReturnMove, type: ReturnType): InspectReturnInput['lines'] {
    const good = (): InspectionOutcome => this.rng.pick(['intact', 'intact', 'opened_unused'] as const);
    const bad = (): InspectionOutcome => {
      if (type === 'refused_delivery') return 'missing_parts';
      if (type === 'defect_claim') return 'used_or_damaged_by_buyer';
      return this.rng.pick([
        'used_or_damaged_by_buyer',
        'used_or_damaged_by_buyer',
        'missing_parts',
        'wrong_item',
      ] as const);
    };
    const line = (sku: string, quantity: number, outcome: InspectionOutcome) => {
      const notes = INSPECTION_NOTES[outcome];
      return { sku, quantity, outcome, note: notes ? this.rng.pick(notes) : null };
    };
    return returnCase.lines.flatMap((returned, i) => {
      if (move === 'inspect-mixed' && i === 0) {
        const first = line(returned.sku, 1, bad());
        return returned.quantity > 1 ? [first, line(returned.sku, returned.quantity - 1, good())] : [first];
      }
      return [line(returned.sku, returned.quantity, move === 'inspect-bad' ? bad() : good())];
    });
  }

  /** The case's refund, created with the decision (as the worker's issueRefund does) and then paid or failed by the refund job. */
  private caseRefund(
    story: Story,
    causeType: RefundCauseType,
    causeId: string,
    amount: Money,
    actor: ActorRef,
    at: Date,
    fate: 'succeeded' | 'failed',
  ): void {
    const heldAmount = [...(story.refund ? [story.refund] : []), ...story.caseRefunds.map((r) => r.refund)].reduce(
      (sum, r) => sum + r.amount.amount,
      0,
    );
    const { refund, events } = Refund.create(
      { id: this.rng.uuid(), order: story.order, causeType, causeId, amount, heldAmount },
      actor,
      at,
    );
    story.events.push(...events);
    const paid = payRefund(this.rng, refund, story.order, at, fate);
    story.events.push(...paid.events);
    story.caseRefunds.push({ refund, paidAt: paid.paidAt });
  }

  /** `returned` once every unit came back and was settled (as settleOrderWhenAllBack does after a refund). */
  private settleOrder(story: Story, actor: ActorRef, at: Date): void {
    const { order } = story;
    if (order.status !== 'delivered' && order.status !== 'delivery_refused') return;
    const cases = story.returns.map((c) => ({
      state: c.state,
      received: c.toSnapshot().receivedAt !== null,
      lines: c.lines,
    }));
    if (!allUnitsSettled(order.lines, cases)) return;
    story.events.push(...order.markReturned(actor, at, { returnIds: story.returns.map((c) => c.id) }));
  }

  /** A few lines of conversation between `from` and `to`, each topic with its probability. */
  private chat(context: CaseContext, topics: Array<[topic: string, probability: number]>, from: Date, to: Date): void {
    const lines = topics.flatMap(([topic, probability]) =>
      this.rng.chance(probability) ? this.rng.pick(RETURN_CHATS[topic]) : [],
    );
    const start = from.getTime() + MINUTE;
    const end = to.getTime() - MINUTE;
    if (lines.length === 0 || end - start < lines.length * MINUTE) return;
    const times = lines.map(() => this.rng.int(start, end)).sort((a, b) => a - b);
    lines.forEach((line, i) => this.post(context, line, new Date(times[i])));
  }

  /** A message and its `MessagePosted` audit event, as appendMessage writes them. */
  private post(context: CaseContext, line: ChatLine, at: Date): void {
    const { story, returnCase, lang } = context;
    const actor = this.speaker(line.by);
    const attachmentIds = this.photos(
      line.photos ?? 0,
      actor,
      at,
      line.by === 'buyer' ? PHOTO_FILE_NAMES.buyer : PHOTO_FILE_NAMES.warehouse,
    );
    const author: MessageAuthor = {
      kind: actor.kind === 'channel' ? 'channel' : 'user',
      id: actor.id,
      name: actor.name ?? actor.kind,
    };
    const message: MessageRow = {
      id: this.rng.uuid(),
      sellerId: this.seller.id,
      caseType: 'return',
      caseId: returnCase.id,
      author,
      body: line.text[lang],
      attachmentIds,
      createdAt: at,
    };
    story.messages.push(message);
    story.events.push({
      type: MESSAGE_POSTED,
      aggregateType: 'return',
      aggregateId: returnCase.id,
      orderId: story.order.id,
      sellerId: this.seller.id,
      from: null,
      to: null,
      actor: { kind: author.kind, id: author.id, name: author.name },
      at,
      data: { messageId: message.id, attachmentIds },
    });
  }

  private speaker(by: ChatSpeaker): ActorRef {
    if (by === 'buyer') return this.channel;
    if (by === 'warehouse') return this.warehouse;
    if (by === 'ops') return this.ops;
    return this.decider();
  }

  /** Photos uploaded a few minutes before `at`: a row each, and its bytes under a storage key of its own. */
  private photos(count: number, by: ActorRef, at: Date, names: readonly string[]): string[] {
    return Array.from({ length: count }, () => {
      const id = this.rng.uuid();
      const storageKey = this.rng.uuid();
      const bytes = demoPng(storageKey);
      const createdAt = new Date(at.getTime() - this.rng.int(MINUTE, 10 * MINUTE));
      this.attachments.push({
        row: {
          id,
          sellerId: this.seller.id,
          fileName: this.rng.pick(names),
          contentType: 'image/png',
          size: bytes.length,
          storageKey,
          uploadedBy: { ...by },
          createdAt,
        },
        bytes,
      });
      return id;
    });
  }

  /**
   * Scans the warehouse could not match: parcels that came before their return was approved (the posting
   * number of a requested case) or a second box of a return already received — each kept with its candidate
   * cases, for the seller to assign — and parcels whose code matches nothing at all.
   */
  private unmatchedParcels(): ParcelOrmEntity[] {
    const { withCandidates, withoutCandidates } = this.seller.unmatchedParcels;
    const candidates = this.cases.map(candidateOf);
    const early = this.cases.filter((c) => c.state === 'requested');
    const secondBox = this.cases.filter(
      (c) => c.trackingNumber !== null && (c.state === 'received' || c.state === 'inspected'),
    );
    const parcels: ParcelOrmEntity[] = [];
    for (let i = 0; i < withCandidates; i++) {
      const pool = (i % 2 === 0 && early.length) || !secondBox.length ? early : secondBox;
      if (pool.length === 0) throw new Error('demo data: no return case for an unmatched parcel to point at');
      const returnCase = pool.splice(this.rng.int(0, pool.length - 1), 1)[0];
      const match = matchParcel(returnCase.postingNumber, candidates);
      if (match.matched || match.candidateReturnIds.length === 0)
        throw new Error(`demo data: parcel ${returnCase.postingNumber} would not be left unmatched with candidates`);
      const latest = this.now.getTime() - 10 * MINUTE;
      const earliest = Math.min(
        latest,
        Math.max(returnCase.toSnapshot().updatedAt.getTime(), this.now.getTime() - 3 * DAY) + 5 * MINUTE,
      );
      const at = new Date(this.rng.int(earliest, latest));
      const note =
        pool === early ? 'Пришло до одобрения возврата, номер заказа на коробке.' : UNMATCHED_PARCEL_NOTES[3];
      parcels.push(this.unmatchedParcel(returnCase.postingNumber, match.candidateReturnIds, note, at));
    }
    for (let i = 0; i < withoutCandidates; i++) {
      const letter = String.fromCharCode(65 + this.rng.int(0, 25));
      const code = this.rng.chance(0.5)
        ? `R${letter}${this.rng.int(100_000_000, 999_999_999)}CN`
        : `LP00${this.rng.int(100_000, 999_999)}${this.rng.int(100_000, 999_999)}`;
      const match = matchParcel(code, candidates);
      if (match.matched || match.candidateReturnIds.length > 0)
        throw new Error(`demo data: parcel ${code} would match a return`);
      const at = new Date(this.now.getTime() - this.rng.int(30 * MINUTE, 4 * DAY));
      parcels.push(this.unmatchedParcel(code, [], UNMATCHED_PARCEL_NOTES[i % 3], at));
    }
    return parcels;
  }

  private unmatchedParcel(code: string, candidateReturnIds: string[], note: string, at: Date): ParcelOrmEntity {
    const condition = this.rng.pick(['intact', 'intact', 'damaged_packaging', 'opened'] as const);
    const attachmentIds = this.photos(this.rng.chance(0.6) ? 1 : 0, this.warehouse, at, PHOTO_FILE_NAMES.warehouse);
    return newParcel({
      id: this.rng.uuid(),
      sellerId: this.seller.id,
      code,
      condition,
      note,
      attachmentIds,
      returnId: null,
      candidateReturnIds,
      actor: this.warehouse,
      at,
    });
  }

  /** A tracking number as the carriers print them: CDEK's 10 digits or Russian Post's 14, unique within the seller. */
  private trackingNumber(): string {
    for (;;) {
      const candidate = this.rng.chance(0.5)
        ? `10${this.rng.int(10_000_000, 99_999_999)}`
        : `80${this.rng.int(100_000, 999_999)}${this.rng.int(100_000, 999_999)}`;
      if (this.trackingNumbers.has(candidate)) continue;
      this.trackingNumbers.add(candidate);
      return candidate;
    }
  }

  private decider(): ActorRef {
    return this.rng.pick(this.deciders);
  }

  private reason(id: string, kind: 'return' | 'return-rejection'): ReasonOrmEntity {
    const reason = this.reasons.get(id);
    if (!reason || reason.kind !== kind)
      throw new Error(`demo data: the reasons catalogue has no ${kind} reason ${id}`);
    return reason;
  }
}

function candidateOf(returnCase: ReturnCase) {
  return {
    id: returnCase.id,
    trackingNumber: returnCase.trackingNumber,
    postingNumber: returnCase.postingNumber,
    state: returnCase.state,
  };
}
