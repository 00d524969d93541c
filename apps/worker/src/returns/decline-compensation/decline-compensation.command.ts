import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class DeclineCompensationCommand extends EnvelopedCommand<{ returnId: string }> {}
