import { CreateCancellationBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class CreateCancellationCommand extends EnvelopedCommand<CreateCancellationBody> {}
