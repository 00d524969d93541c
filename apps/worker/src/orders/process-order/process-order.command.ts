import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ProcessOrderCommand extends EnvelopedCommand<{ orderId: string }> {}
