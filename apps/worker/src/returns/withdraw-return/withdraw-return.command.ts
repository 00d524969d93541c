import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class WithdrawReturnCommand extends EnvelopedCommand<{ returnId: string }> {}
