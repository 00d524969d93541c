import { Response } from 'express';
import { CommandAnswer } from './command-gateway.service';

export function sendCommandAnswer(response: Response, answer: CommandAnswer): void {
  if (answer.location) response.setHeader('Location', answer.location);
  response.status(answer.status).json(answer.body);
}
