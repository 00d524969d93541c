import { MarketplaceRefundStanding } from '@aftersale/server/persistence';
import { ozonRefundAnswer } from './ozon-payments.adapter';
import { OrderSources, PaymentRouter } from './payment-router';
import { PaymentOutcome, PaymentPort, PaymentRequest } from './payment.port';

class FakeAdapter extends PaymentPort {
  readonly calls: string[] = [];
  constructor(private readonly name: string) {
    super();
  }
  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    this.calls.push(`pay ${request.idempotencyKey}`);
    return { status: 'succeeded' };
  }
  async status(key: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    this.calls.push(`status ${key}`);
    return { status: 'unknown' };
  }
  override toString() {
    return this.name;
  }
}

const request = (orderId: string): PaymentRequest => ({
  idempotencyKey: `cancellation:${orderId}-request`,
  orderId,
  amount: { amount: 1000, currency: 'RUB' },
});

describe('the payment router: a refund is paid by whoever the order came from (docs/ozon.md#refunds-of-ozon-orders)', () => {
  const reads: string[] = [];
  const sources: OrderSources = {
    ofOrder: async (orderId) => {
      reads.push(`order ${orderId}`);
      return orderId.startsWith('ozon') ? 'ozon' : null;
    },
    ofRefund: async (key) => {
      reads.push(`refund ${key}`);
      const orderId = key.replace(/^cancellation:(.*)-request$/, '$1');
      return { orderId, marketplace: key.includes('ozon') ? 'ozon' : null };
    },
  };
  beforeEach(() => reads.splice(0));

  it('pays an order imported from Ozon through Ozon’s adapter, and asks it about that order’s refunds', async () => {
    const simulator = new FakeAdapter('simulator');
    const ozon = new FakeAdapter('ozon');
    const router = new PaymentRouter(sources, simulator, { ozon });
    await router.pay(request('ozon-order'));
    await router.status('cancellation:ozon-order-request');
    expect(ozon.calls).toEqual(['pay cancellation:ozon-order-request', 'status cancellation:ozon-order-request']);
    expect(simulator.calls).toEqual([]);
  });

  it('keeps the configured adapter for orders from the generic channel', async () => {
    const simulator = new FakeAdapter('simulator');
    const ozon = new FakeAdapter('ozon');
    const router = new PaymentRouter(sources, simulator, { ozon });
    await router.pay(request('channel-order'));
    await router.status('cancellation:channel-order-request');
    expect(simulator.calls).toHaveLength(2);
    expect(ozon.calls).toEqual([]);
  });

  it('refuses to pay an order of a marketplace it has no adapter for, rather than paying it itself', async () => {
    const router = new PaymentRouter(
      { ofOrder: async () => 'wildberries', ofRefund: async () => ({ orderId: 'x', marketplace: 'wildberries' }) },
      new FakeAdapter('simulator'),
      {},
    );
    await expect(router.pay(request('x'))).rejects.toThrow('no payment adapter for orders from wildberries');
  });

  it('reads the route once per payment: the pay after a status of the same key goes where the status went', async () => {
    const simulator = new FakeAdapter('simulator');
    const ozon = new FakeAdapter('ozon');
    const router = new PaymentRouter(sources, simulator, { ozon });
    for (const orderId of ['channel-order', 'ozon-order']) {
      await router.status(`cancellation:${orderId}-request`);
      await router.pay(request(orderId));
    }
    expect(reads).toEqual(['refund cancellation:channel-order-request', 'refund cancellation:ozon-order-request']);
    expect(simulator.calls).toEqual([
      'status cancellation:channel-order-request',
      'pay cancellation:channel-order-request',
    ]);
    expect(ozon.calls).toEqual(['status cancellation:ozon-order-request', 'pay cancellation:ozon-order-request']);
    // a pay with no status before it (or for another order than the key's) reads the order's route
    await router.pay(request('ozon-order'));
    expect(reads.slice(2)).toEqual(['order ozon-order']);
  });

  it('routes a payment whose request names its order’s marketplace without reading the route (a refund’s attempt read it with the refund)', async () => {
    const simulator = new FakeAdapter('simulator');
    const ozon = new FakeAdapter('ozon');
    const router = new PaymentRouter(sources, simulator, { ozon });
    await router.pay({ ...request('ozon-order'), marketplace: 'ozon' });
    await router.pay({ ...request('channel-order'), marketplace: null });
    expect(reads).toEqual([]);
    expect(ozon.calls).toEqual(['pay cancellation:ozon-order-request']);
    expect(simulator.calls).toEqual(['pay cancellation:channel-order-request']);
  });
});

describe('what Ozon’s answer means for a refund', () => {
  const standing = (overrides: Partial<MarketplaceRefundStanding>): MarketplaceRefundStanding => ({
    refundId: 'r',
    orderId: 'o',
    causeType: 'cancellation',
    causeId: 'c',
    attempts: 1,
    marketplace: 'ozon',
    postingState: 'awaiting_packaging',
    cause: { externalState: 'ON_APPROVAL', pushState: null, pushError: null },
    ...overrides,
  });
  const cause = (externalState: string | null, pushState: string | null, pushError: string | null = null) => ({
    cause: { externalState, pushState, pushError },
  });

  it('an approval Ozon accepted (or approved itself) is paid by Ozon', () => {
    expect(ozonRefundAnswer(standing(cause('APPROVED', 'accepted')))).toEqual({ status: 'succeeded' });
    expect(ozonRefundAnswer(standing(cause('APPROVED', null)))).toEqual({ status: 'succeeded' });
  });

  it('an approval Ozon refused is declined with Ozon’s answer; a request Ozon rejected is declined', () => {
    expect(ozonRefundAnswer(standing(cause('ON_APPROVAL', 'refused', 'state is REJECTED')))).toEqual({
      status: 'declined',
      reason: 'Ozon refused the approval: state is REJECTED',
    });
    expect(ozonRefundAnswer(standing(cause('REJECTED', null))).status).toBe('declined');
  });

  it('is not known while the approval is sending, nor after a failed push (which ops can push again)', () => {
    expect(ozonRefundAnswer(standing({}))).toMatchObject({
      status: 'unknown',
      waitingFor: expect.stringMatching(/sending/),
    });
    expect(ozonRefundAnswer(standing(cause('ON_APPROVAL', 'failed', 'timeout')))).toMatchObject({ status: 'unknown' });
  });

  it('a posting Ozon cancelled with no request of Ozon’s behind it is paid by Ozon', () => {
    expect(ozonRefundAnswer(standing({ cause: null, postingState: 'cancelled' }))).toEqual({ status: 'succeeded' });
    expect(ozonRefundAnswer(standing({ cause: null, postingState: 'awaiting_deliver' })).status).toBe('unknown');
  });

  it('a return is paid when Ozon returned the money (return-money or arbitration), declined when refused or rejected', () => {
    const ret = (externalState: string, pushState: string | null = null, pushError: string | null = null) =>
      ozonRefundAnswer(standing({ causeType: 'return', ...cause(externalState, pushState, pushError) }));
    expect(ret('MoneyReturned')).toEqual({ status: 'succeeded' });
    expect(ret('ArbitrationApproved')).toEqual({ status: 'succeeded' });
    expect(ret('New').status).toBe('unknown');
    expect(ret('Checkout', 'refused', 'action 3 is not available')).toEqual({
      status: 'declined',
      reason: 'Ozon refused to return the money: action 3 is not available',
    });
    expect(ret('Rejected').status).toBe('declined');
  });

  it('a compensation is paid once the buyer accepted it on Ozon, and waits for the buyer until then', () => {
    const comp = (externalState: string, pushState: string | null = null) =>
      ozonRefundAnswer(standing({ causeType: 'compensation', ...cause(externalState, pushState) }));
    expect(comp('CompensationAccepted')).toEqual({ status: 'succeeded' });
    expect(comp('CompensationOffered').status).toBe('unknown');
    expect(comp('New', 'refused').status).toBe('declined');
    expect(ozonRefundAnswer(standing({ causeType: 'compensation', cause: null })).status).toBe('unknown');
  });
});
