import { ConfigurationError, loadServerConfig } from '@aftersale/server/messaging';
import { paymentAdapterName as adapterOf } from './payment-adapters';

const paymentAdapterName = (env: NodeJS.ProcessEnv) => adapterOf(loadServerConfig({}, env));

describe('PAYMENT_ADAPTER: no pretend payments in production (README "Configuration")', () => {
  it('a production worker with no adapter named refuses to start, with one line that says what to set', () => {
    const start = () => paymentAdapterName({ NODE_ENV: 'production' });
    expect(start).toThrow(ConfigurationError);
    expect(start).toThrow(/^PAYMENT_ADAPTER is not set: .*PAYMENT_ADAPTER=simulator/);
    expect(() => paymentAdapterName({ NODE_ENV: 'production', PAYMENT_ADAPTER: '  ' })).toThrow(ConfigurationError);
    try {
      start();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('in production the simulator runs only when named explicitly', () => {
    expect(paymentAdapterName({ NODE_ENV: 'production', PAYMENT_ADAPTER: 'simulator' })).toBe('simulator');
  });

  it('outside production (the demo, the tests) the simulator is the default', () => {
    expect(paymentAdapterName({})).toBe('simulator');
    expect(paymentAdapterName({ NODE_ENV: 'development' })).toBe('simulator');
  });

  it('an adapter this build does not have is refused by name, whatever NODE_ENV says', () => {
    expect(() => paymentAdapterName({ PAYMENT_ADAPTER: 'ozon' })).toThrow(
      'PAYMENT_ADAPTER=ozon is not an adapter of this build (adapters: simulator)',
    );
  });
});
