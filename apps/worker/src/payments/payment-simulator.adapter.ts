import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { envNumber } from '@aftersale/server/messaging';
import { PaymentPort, PaymentRequest, PaymentStatus } from './payment.port';

export interface PaymentSimulatorSettings {
  latencyMs: number;
  /** 0..1, the share of calls that fail (0 by default) */
  failureRate: number;
}

export function simulatorSettingsFromEnv(): PaymentSimulatorSettings {
  return {
    latencyMs: envNumber('PAYMENT_SIMULATOR_LATENCY_MS', 50),
    failureRate: envNumber('PAYMENT_SIMULATOR_FAILURE_RATE', 0),
  };
}

/** A local stand-in for the marketplace's payment API, keeping its ledger in its own table. */
@Injectable()
export class PaymentSimulator extends PaymentPort {
  settings: PaymentSimulatorSettings = simulatorSettingsFromEnv();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async pay(request: PaymentRequest): Promise<void> {
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);
    if (Math.random() < this.settings.failureRate) throw new Error('payment simulator: simulated failure');
    await this.dataSource.query(
      `INSERT INTO simulated_payments (idempotency_key, amount, currency, status) VALUES ($1, $2, $3, 'succeeded') ON CONFLICT (idempotency_key) DO NOTHING`,
      [request.idempotencyKey, request.amount.amount, request.amount.currency],
    );
  }

  async status(idempotencyKey: string): Promise<PaymentStatus> {
    const rows = await this.dataSource.query(`SELECT status FROM simulated_payments WHERE idempotency_key = $1`, [
      idempotencyKey,
    ]);
    return rows.length > 0 ? 'succeeded' : 'unknown';
  }
}
