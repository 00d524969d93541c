import express, { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { OzonOpenApiValidator, OzonPath } from '@aftersale/server/ozon';
import { SimError } from './sim-error';
import { OZON_ROUTES } from './ozon-api.routes';
import { SIM_PHOTOS } from './sim-photos';
import { seedDemoScenario } from './sim-scenarios';
import { SimStore } from './sim-store';
import { controlRoutes } from './control.routes';

/** A fault switched on at run time (docs/ozon.md#fault-injection). */
export interface SimFault {
  kind: 'rate-limit' | 'server-error' | 'timeout' | 'answer-lost' | 'answer-cut' | 'bad-credentials';
  /** how many Ozon calls it affects; unlimited when absent */
  times?: number;
  /** only calls to this Ozon path */
  path?: string;
  /**
   * for `timeout`: how long the answer is held back (the action is applied all the same). `answer-lost` applies the
   * action and closes the connection with no answer at all, as a network failure after Ozon's commit would.
   */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  clientId: string;
  body: unknown;
  /** 0: no answer was given (the fault `answer-lost`) */
  status: number;
  at: string;
}

export interface OzonSimulatorOptions {
  /** check every answer against Ozon's document and keep the violations (the tests read them) */
  validateResponses?: boolean;
  scenario?: 'demo' | 'empty';
}

/**
 * An HTTP server that answers Ozon Seller API paths with Ozon's shapes and rules, for the demo and the tests.
 * Authentication, request validation and faults come first, as they do at Ozon; `/__sim/*` drives the
 * buyer's and Ozon's side (see control.routes.ts).
 */
export class OzonSimulator {
  readonly store = new SimStore();
  readonly validator = new OzonOpenApiValidator();
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  faults: SimFault[] = [];
  readonly app = express();
  private server?: Server;

  constructor(private readonly options: OzonSimulatorOptions = {}) {
    this.reset(options.scenario ?? 'demo');
    this.app.disable('x-powered-by');
    this.app.use(express.json({ limit: '10mb' }));
    this.app.get('/photos/:name.png', (req, res) => {
      const png = SIM_PHOTOS[String(req.params.name)];
      if (!png) return void res.status(404).end();
      res.type('image/png').send(Buffer.from(png, 'base64'));
    });
    this.app.use('/__sim', controlRoutes(this));
    for (const path of Object.keys(OZON_ROUTES) as OzonPath[]) {
      this.app.post(path, (req, res) => this.handle(path, req, res));
    }
    this.app.use((_req: Request, res: Response) => {
      res.status(404).json({ code: 5, message: 'Not Found', details: [] });
    });
    this.app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status < 500 ? error.status : 500;
      res.status(status).json({ code: 3, message: error.message, details: [] });
    });
  }

  reset(scenario: 'demo' | 'empty'): void {
    this.store.reset();
    this.faults = [];
    this.requests.length = 0;
    this.violations.length = 0;
    if (scenario === 'demo') seedDemoScenario(this.store);
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => {
      this.server = this.app.listen(port, host, () => resolve());
    });
    const address = this.server!.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    this.store.photoBaseUrl = `http://${host}:${bound}`;
    return bound;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(path: OzonPath, req: Request, res: Response): Promise<void> {
    const clientId = String(req.header('Client-Id') ?? '');
    const answer = (status: number, body: unknown) => {
      this.record({ path, clientId, body: req.body, status, at: new Date().toISOString() });
      if (this.options.validateResponses && status < 429) {
        for (const error of this.validator.response(path, status, body))
          this.violations.push(`${path} ${status}: ${error}`);
      }
      res.status(status).json(body);
    };
    const fault = this.takeFault(path);
    if (fault?.kind === 'rate-limit') {
      res.setHeader('Retry-After', '1');
      return answer(429, { code: 8, message: 'You have reached request rate limit per second', details: [] });
    }
    if (fault?.kind === 'server-error') return answer(503, { code: 14, message: 'Service unavailable', details: [] });
    const account = this.store.accounts.get(clientId);
    if (fault?.kind === 'bad-credentials' || !account || account.apiKey !== req.header('Api-Key')) {
      return answer(403, { code: 7, message: 'Invalid Api-Key, please contact support', details: [] });
    }
    const invalid = this.validator.request(path, req.body);
    if (invalid.length > 0) return answer(400, { code: 3, message: invalid.join('; '), details: [] });
    let status = 200;
    let body: unknown;
    try {
      this.store.applyDeadlines(account);
      body = OZON_ROUTES[path](this.store, account, req.body ?? {});
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      status = error.status;
      body = { code: error.code, message: error.message, details: [] };
    }
    if (fault?.kind === 'answer-lost') {
      this.record({ path, clientId, body: req.body, status: 0, at: new Date().toISOString() });
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'answer-cut') {
      // the status and the first bytes of the answer, then the connection closes: a body that never arrives whole
      this.record({ path, clientId, body: req.body, status, at: new Date().toISOString() });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      res.write(JSON.stringify(body).slice(0, 10));
      setTimeout(() => req.socket.destroy(), 10);
      return;
    }
    if (fault?.kind === 'timeout') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 15_000));
    if (!res.writableEnded && !res.destroyed) answer(status, body);
  }

  private takeFault(path: string): SimFault | undefined {
    const index = this.faults.findIndex((f) => !f.path || f.path === path);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > 2000) this.requests.splice(0, this.requests.length - 2000);
  }
}
