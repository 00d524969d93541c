import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ShipOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
