import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class VoidRefundCommand extends EnvelopedCommand<{ refundId: string; comment: string }> {}
