import { CancelOrderBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class CancelOrderBySellerCommand extends EnvelopedCommand<CancelOrderBody & { orderId: string }> {}
