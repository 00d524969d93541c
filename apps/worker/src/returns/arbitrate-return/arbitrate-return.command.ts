import { ArbitrateReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ArbitrateReturnCommand extends EnvelopedCommand<ArbitrateReturnBody & { returnId: string }> {}
