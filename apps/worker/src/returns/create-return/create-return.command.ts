import { CreateReturnBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class CreateReturnCommand extends EnvelopedCommand<CreateReturnBody> {}
