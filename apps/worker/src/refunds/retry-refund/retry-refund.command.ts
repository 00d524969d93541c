import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RetryRefundCommand extends EnvelopedCommand<{ refundId: string }> {}
