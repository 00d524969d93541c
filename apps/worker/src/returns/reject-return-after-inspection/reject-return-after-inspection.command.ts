import { RejectReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RejectReturnAfterInspectionCommand extends EnvelopedCommand<RejectReturnBody & { returnId: string }> {}
