import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { NextFunction, Request, Response } from 'express';
import { QueueRegistry } from '../../infrastructure/commands/queue-registry';
import { problemDocument } from '../../infrastructure/problems/problem.exception';
import { BULL_BOARD_PATH, checkOpsSession } from '../ops-session/ops-session';

/**
 * bull-board, the deep-dive tool, at /ops/bull (docs/operations.md "bull-board"): only with the ops-session
 * cookie of an ops user; anything else is a 401 or 403 problem document, before bull-board sees the request.
 */
export function mountBullBoard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: app.get(QueueRegistry).all.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Aftersale queues' } },
  });
  const jwt = app.get(JwtService);
  const guard = async (request: Request, response: Response, next: NextFunction) => {
    const check = await checkOpsSession(jwt, request.headers.cookie);
    if (check.ok) return next();
    const code = check.status === 401 ? 'unauthenticated' : 'forbidden';
    response
      .status(check.status)
      .type('application/problem+json')
      .send(JSON.stringify(problemDocument(code, check.detail)));
  };
  app.use(BULL_BOARD_PATH, guard, serverAdapter.getRouter());
}
