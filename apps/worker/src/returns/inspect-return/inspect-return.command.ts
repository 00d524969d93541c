import { InspectReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class InspectReturnCommand extends EnvelopedCommand<InspectReturnBody & { returnId: string }> {}
