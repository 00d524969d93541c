import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class DeliverOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
