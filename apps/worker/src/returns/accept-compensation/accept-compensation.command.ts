import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class AcceptCompensationCommand extends EnvelopedCommand<{ returnId: string }> {}
