import { ParcelCondition } from '@aftersale/contracts';
import { EnvelopedCommand } from '../../infrastructure/command-envelope';

export class RecordParcelConditionCommand extends EnvelopedCommand<{
  parcelId: string;
  condition: ParcelCondition;
  note?: string;
  attachmentIds?: string[];
}> {}
