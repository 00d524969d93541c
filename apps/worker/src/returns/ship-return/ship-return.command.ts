import { ShipReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ShipReturnCommand extends EnvelopedCommand<ShipReturnBody & { returnId: string }> {}
