import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { envNumber } from '@aftersale/server/messaging';
import { PaymentOutcome, PaymentPort, PaymentRequest } from './payment.port';

export interface PaymentSimulatorSettings {
  latencyMs: number;
  /** 0..1, the share of calls that fail with an unknown outcome (0 by default) */
  failureRate: number;
  /** 0..1, the share of new payments the simulated provider declines for good (0 by default) */
  declineRate: number;
}

export function simulatorSettingsFromEnv(): PaymentSimulatorSettings {
  return {
    latencyMs: envNumber('PAYMENT_SIMULATOR_LATENCY_MS', 50),
    failureRate: envNumber('PAYMENT_SIMULATOR_FAILURE_RATE', 0),
    declineRate: envNumber('PAYMENT_SIMULATOR_DECLINE_RATE', 0),
  };
}

const DECLINE_REASON = 'payment simulator: declined';

/**
 * A local stand-in for the marketplace's payment API, keeping its ledger in its own table: one row per
 * idempotency key, so a key is paid (or declined) once and answers the same afterwards.
 */
@Injectable()
export class PaymentSimulator extends PaymentPort {
  settings: PaymentSimulatorSettings = simulatorSettingsFromEnv();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async pay(request: PaymentRequest): Promise<PaymentOutcome> {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    if (Math.random() < this.settings.failureRate) throw new Error('payment simulator: simulated failure');
    const status = Math.random() < this.settings.declineRate ? 'declined' : 'succeeded';
    await this.dataSource.query(
      `INSERT INTO simulated_payments (idempotency_key, amount, currency, status) VALUES ($1, $2, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING`,
      [request.idempotencyKey, request.amount.amount, request.amount.currency, status],
    );
    const known = await this.status(request.idempotencyKey);
    if (known.status === 'unknown') throw new Error('payment simulator: the payment was not recorded');
    return known;
  }

  async status(idempotencyKey: string): Promise<PaymentOutcome | { status: 'unknown' }> {
    const rows: { status: string }[] = await this.dataSource.query(
      `SELECT status FROM simulated_payments WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    if (rows.length === 0) return { status: 'unknown' };
    return rows[0].status === 'declined' ? { status: 'declined', reason: DECLINE_REASON } : { status: 'succeeded' };
  }
}
