import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class AssignParcelCommand extends EnvelopedCommand<{ parcelId: string; returnId: string }> {}
