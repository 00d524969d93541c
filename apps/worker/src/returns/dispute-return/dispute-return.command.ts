import { DisputeReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class DisputeReturnCommand extends EnvelopedCommand<DisputeReturnBody & { returnId: string }> {}
