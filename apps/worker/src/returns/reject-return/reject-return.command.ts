import { RejectReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RejectReturnCommand extends EnvelopedCommand<RejectReturnBody & { returnId: string }> {}
