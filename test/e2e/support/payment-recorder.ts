import { PaymentOutcome, PaymentPort, PaymentRequest } from '../../../apps/worker/src/payments/payment.port';

/**
 * What the payment provider does on one call, scripted per order (consumed in order; `pass` once the script is
 * empty): `pass` lets the configured adapter answer; `timeout-after-paying` pays, then throws as a timed-out
 * call would; `unreachable` throws without reaching the provider; `decline` has the provider refuse the key for
 * good; `hang` waits until the test calls `release()`, then throws as unreachable.
 */
export type PaymentBehaviour = 'pass' | 'timeout-after-paying' | 'unreachable' | 'decline' | 'hang';

export interface PaymentCall {
  method: 'pay' | 'status';
  idempotencyKey: string;
  orderId: string | null;
  /** pay: did the call reach the provider (money may have moved)? */
  reachedProvider: boolean;
  answer: string;
}

/**
 * The tests' recording payment adapter: it wraps the configured adapter (the simulator) and records every call
 * of the payment port, so "paid once" is counted from the calls the worker made — not from a ledger keyed by
 * the idempotency key, which could never show two.
 */
export class PaymentRecorder {
  readonly calls: PaymentCall[] = [];
  private readonly scripts = new Map<string, { pay: PaymentBehaviour[]; status: PaymentBehaviour[] }>();
  /** keys the provider declined (the simulator's ledger only knows payments) */
  private readonly declined = new Map<string, string>();
  private hung: (() => void)[] = [];

  /** @param orderOfRefund finds the order a refund's key belongs to (status calls carry only the key) */
  constructor(private readonly orderOfRefund: (idempotencyKey: string) => Promise<string | null>) {}

  /** Scripts the next calls for one order's refunds. */
  script(orderId: string, behaviours: { pay?: PaymentBehaviour[]; status?: PaymentBehaviour[] }): void {
    this.scripts.set(orderId, { pay: [...(behaviours.pay ?? [])], status: [...(behaviours.status ?? [])] });
  }

  /** Lets every `hang` call go on (as unreachable). */
  release(): void {
    this.hung.splice(0).forEach((go) => go());
  }

  get hanging(): number {
    return this.hung.length;
  }

  /** pay calls for a key that reached the provider: each one could have moved money. */
  paymentsFor(idempotencyKey: string): number {
    return this.calls.filter((c) => c.method === 'pay' && c.idempotencyKey === idempotencyKey && c.reachedProvider)
      .length;
  }

  callsFor(idempotencyKey: string): PaymentCall[] {
    return this.calls.filter((c) => c.idempotencyKey === idempotencyKey);
  }

  wrap(inner: PaymentPort): PaymentPort {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const recorder = this;
    return new (class RecordingPaymentPort extends PaymentPort {
      async pay(request: PaymentRequest): Promise<PaymentOutcome> {
        const behaviour = await recorder.next(request.orderId, 'pay');
        const call = (reachedProvider: boolean, answer: string) =>
          recorder.calls.push({
            method: 'pay',
            idempotencyKey: request.idempotencyKey,
            orderId: request.orderId,
            reachedProvider,
            answer,
          });
        if (behaviour === 'unreachable' || behaviour === 'hang') {
          call(false, 'unreachable');
          throw new Error('payment provider unreachable (recorded)');
        }
        if (behaviour === 'decline') {
          call(true, 'declined');
          recorder.declined.set(request.idempotencyKey, 'declined by the provider (recorded)');
          return { status: 'declined', reason: recorder.declined.get(request.idempotencyKey)! };
        }
        const outcome = await inner.pay(request);
        if (behaviour === 'timeout-after-paying') {
          call(true, 'timeout after paying');
          throw new Error('payment gateway timeout (after paying)');
        }
        call(true, outcome.status);
        return outcome;
      }

      async status(idempotencyKey: string) {
        const orderId = await recorder.orderOfRefund(idempotencyKey);
        const behaviour = orderId ? await recorder.next(orderId, 'status') : 'pass';
        const call = (answer: string) =>
          recorder.calls.push({ method: 'status', idempotencyKey, orderId, reachedProvider: false, answer });
        if (behaviour !== 'pass' && behaviour !== 'decline') {
          call('unreachable');
          throw new Error('payment provider unreachable (recorded)');
        }
        const reason = recorder.declined.get(idempotencyKey);
        const answer = reason ? ({ status: 'declined', reason } as const) : await inner.status(idempotencyKey);
        call(answer.status);
        return answer;
      }
    })();
  }

  private async next(orderId: string, method: 'pay' | 'status'): Promise<PaymentBehaviour> {
    const behaviour = this.scripts.get(orderId)?.[method].shift() ?? 'pass';
    if (behaviour === 'hang') await new Promise<void>((resolve) => this.hung.push(resolve));
    return behaviour;
  }
}
