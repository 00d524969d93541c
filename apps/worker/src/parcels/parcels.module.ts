import { Module } from '@nestjs/common';
import { AssignParcelCommandHandler } from './assign-parcel/assign-parcel.command-handler';
import { ReceiveParcelCommandHandler } from './receive-parcel/receive-parcel.command-handler';
import { RecordParcelConditionCommandHandler } from './record-parcel-condition/record-parcel-condition.command-handler';

/** Warehouse scans and the parcels they leave (docs/rules.md#parcels-and-matching). */
@Module({
  providers: [ReceiveParcelCommandHandler, RecordParcelConditionCommandHandler, AssignParcelCommandHandler],
})
export class ParcelsModule {}
