import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActorRef, CommandJobData, CommandJobName } from '@aftersale/contracts';
import { CommandOrmEntity } from '@aftersale/server/persistence';
import { withCorrelation } from '@aftersale/server/messaging';
import { CommandEnvelope, EnvelopedCommand } from './command-envelope';
import { JobHandlerRegistry } from './job-handlers';

type CommandClass = new (envelope: CommandEnvelope<any>) => EnvelopedCommand<any>;

/** Turns a command job (it carries only the command id) into its CQRS command, from the command row. */
@Injectable()
export class CommandJobs {
  constructor(
    private readonly commandBus: CommandBus,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
  ) {}

  register(classes: Partial<Record<CommandJobName, CommandClass>>): void {
    for (const [name, commandClass] of Object.entries(classes) as [CommandJobName, CommandClass][]) {
      this.registry.register(name, async (job) => {
        const { commandId } = job.data as CommandJobData;
        const row = await this.dataSource.getRepository(CommandOrmEntity).findOneBy({ id: commandId });
        if (!row || row.state !== 'accepted') return; // done already, or refused: nothing to do
        // the row's correlation id also covers a job re-enqueued without one (docs/operations.md)
        await withCorrelation(row.correlationId, () => this.commandBus.execute(new commandClass(envelopeOf(row))));
      });
    }
  }
}

export function envelopeOf(row: CommandOrmEntity): CommandEnvelope {
  return {
    commandId: row.id,
    type: row.type,
    actor: row.actor as ActorRef,
    sellerId: row.sellerId,
    acceptedAt: row.acceptedAt,
    payload: row.payload,
  };
}
