import { CreateOrderBody } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class CreateOrderCommand extends EnvelopedCommand<CreateOrderBody> {}
