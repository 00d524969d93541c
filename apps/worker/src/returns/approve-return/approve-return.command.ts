import { ApproveReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ApproveReturnCommand extends EnvelopedCommand<ApproveReturnBody & { returnId: string }> {}
