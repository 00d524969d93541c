import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class CloseReturnCommand extends EnvelopedCommand<{ returnId: string; comment: string }> {}
