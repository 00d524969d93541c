import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RefuseDeliveryCommand extends EnvelopedCommand<{ orderId: string }> {}
