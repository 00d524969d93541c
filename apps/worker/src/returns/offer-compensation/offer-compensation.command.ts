import { CompensateReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class OfferCompensationCommand extends EnvelopedCommand<CompensateReturnBody & { returnId: string }> {}
