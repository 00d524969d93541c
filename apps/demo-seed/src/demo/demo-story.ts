import { RefundState } from '@aftersale/contracts';
import { CancellationRequest, DomainEvent, Order, Refund, ReturnCase } from '@aftersale/domain';
import { MessageOrmEntity, ParcelOrmEntity } from '@aftersale/server/persistence';

/** What the demo data's tellers share: time units, the PRNG, one order's story and how a refund is paid. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const CURRENCY = 'RUB';
/** The sellers' cancellation and return decision deadline. */
export const DEADLINE_HOURS = 72;
/** A refund's job attempts before it is left `failed` (the worker's DEFAULT_JOB_OPTIONS.attempts). */
const REFUND_ATTEMPTS = 8;
/** How long an attempt holds its refund (the worker's REFUND_ATTEMPT_LEASE_MS default). */
const REFUND_ATTEMPT_LEASE_MS = 60_000;
const REFUND_ERROR = 'payment provider timeout';

export type RefundFate = Extract<RefundState, 'succeeded' | 'failed' | 'pending'>;

/** A message of a case's thread, as the `messages` table stores it (its `seq` is the database's). */
export type MessageRow = Omit<MessageOrmEntity, 'seq'>;

/** One order's life: the aggregates in their final state and every event it took to get there. */
export interface Story {
  order: Order;
  request: CancellationRequest | null;
  /** the cancellation's refund */
  refund: Refund | null;
  /** the simulator's ledger row of a succeeded cancellation refund */
  payment: { at: Date } | null;
  /** the order's return cases, their refunds (with the simulator's payment when succeeded) and parcels */
  returns: ReturnCase[];
  caseRefunds: Array<{ refund: Refund; paidAt: Date | null }>;
  parcels: ParcelOrmEntity[];
  /** messages on the order's cases; each has its `MessagePosted` event in `events`, in time order */
  messages: MessageRow[];
  events: DomainEvent[];
}

export function newStory(order: Order, events: DomainEvent[]): Story {
  return {
    order,
    request: null,
    refund: null,
    payment: null,
    returns: [],
    caseRefunds: [],
    parcels: [],
    messages: [],
    events,
  };
}

/** mulberry32: small, fast and good enough to make the same demo data on every run. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** a version-4-shaped uuid drawn from this generator, so ids are the same on every run */
  uuid(): string {
    const bytes = Array.from({ length: 16 }, () => this.int(0, 255));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * The refund job's work on a refund created at `at`: succeeded at the first attempt (the order records it),
 * failed after the job's last attempt, or not yet tried. Returns the events and when the simulator paid.
 */
export function payRefund(
  rng: Prng,
  refund: Refund,
  order: Order,
  at: Date,
  fate: RefundFate,
): { events: DomainEvent[]; paidAt: Date | null } {
  const events: DomainEvent[] = [];
  if (fate === 'pending') return { events, paidAt: null };
  let t = at.getTime() + rng.int(SECOND, 5 * SECOND);
  if (fate === 'succeeded') {
    events.push(...refund.startAttempt(new Date(t), REFUND_ATTEMPT_LEASE_MS));
    const paidAt = new Date(t + rng.int(200, 3 * SECOND));
    events.push(...refund.succeed(paidAt));
    order.recordRefundSucceeded(refund.amount);
    return { events, paidAt };
  }
  for (let attempt = 1; attempt <= REFUND_ATTEMPTS; attempt++) {
    events.push(...refund.startAttempt(new Date(t), REFUND_ATTEMPT_LEASE_MS));
    // each attempt times out after 10 s (which ends it), then waits the job's exponential backoff
    if (attempt < REFUND_ATTEMPTS) refund.endAttempt(attempt);
    t += 10 * SECOND + (attempt < REFUND_ATTEMPTS ? 500 * 2 ** (attempt - 1) : 0);
  }
  events.push(...refund.fail(REFUND_ERROR, new Date(t)));
  return { events, paidAt: null };
}
