import { RefundReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RefundReturnCommand extends EnvelopedCommand<RefundReturnBody & { returnId: string }> {}
