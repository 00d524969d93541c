import { ParcelCondition } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class ReceiveParcelCommand extends EnvelopedCommand<{
  code: string;
  condition?: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}> {}
