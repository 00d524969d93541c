import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { COMMAND_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  ActorRef,
  CommandJobName,
  JobOf,
  PROBLEM_STATUS,
  PROBLEM_TITLES,
  PROBLEM_TYPE_BASE,
  ProblemDocument,
} from '@aftersale/contracts';
import { CommandOrmEntity, failAcceptedCommand, LockedCommandRow } from '@aftersale/server/persistence';
import { withCorrelation } from '@aftersale/server/messaging';
import { CommandEnvelope, EnvelopedCommand } from './command-envelope';
import { CommandExecution } from './command-execution.service';
import { JobHandlerRegistry } from './job-handlers';
import { commandJobOf } from './jobs';

type CommandClass = new (envelope: CommandEnvelope<any>) => EnvelopedCommand<any>;

/** The job will not be tried again: its attempts are used up, or the failure is one retrying cannot fix. */
export function isLastAttempt(job: Job, error: unknown): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Each command handler of the context modules (`@CommandHandler`) becomes the handler of the job its command
 * names (`@CommandJob`): the job (it carries only the command id) becomes its CQRS command, from the command
 * row. A command whose job fails for the last time becomes `failed` with an `internal-error` problem (docs/api.md "Command
 * semantics"): the client waiting or polling `/commands/:id` sees it, and the deadline timers, which give way only to
 * `accepted` commands, stop waiting for it. The job itself stays in the failed set with its error, for ops.
 */
@Injectable()
export class CommandJobs implements OnModuleInit {
  private readonly logger = new Logger(CommandJobs.name);

  constructor(
    private readonly commandBus: CommandBus,
    private readonly execution: CommandExecution,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobHandlerRegistry,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const commandClass = wrapper.metatype && Reflect.getMetadata(COMMAND_HANDLER_METADATA, wrapper.metatype);
      if (!commandClass) continue;
      const name = commandJobOf(commandClass);
      if (!name) throw new Error(`${commandClass.name} names no job: give it @CommandJob(JobName.…)`);
      this.register(name, commandClass);
    }
  }

  private register(name: CommandJobName, commandClass: CommandClass): void {
    this.registry.register(name, async (job: Job<JobOf<CommandJobName>>) => {
      const { commandId } = job.data;
      // the row's correlation id also covers a job re-enqueued without one (docs/operations.md)
      const dispatch = (row: LockedCommandRow) =>
        withCorrelation(row.correlationId, () => this.commandBus.execute(new commandClass(envelopeOf(row))));
      try {
        if (worksBeforeItsTransaction(commandClass)) {
          // the handler's own transaction locks the row later: read it first (done already, or refused: nothing to do)
          const row = await this.dataSource.getRepository(CommandOrmEntity).findOneBy({ id: commandId });
          if (row && row.state === 'accepted') await dispatch({ ...row, payload: row.payload as never });
          return undefined;
        }
        // the row locked and read in the transaction's first statement, the handler run inside that transaction;
        // the outcome it wrote is the job's return value, for the api that waits (docs/benchmarks.md, 23)
        return await this.execution.runJob(commandId, dispatch);
      } catch (error) {
        if (isLastAttempt(job, error)) await this.giveUp(commandId, job);
        throw error;
      }
    });
  }

  private async giveUp(commandId: string, job: Job): Promise<void> {
    const attempts = job.attemptsMade + 1;
    const problem: ProblemDocument = {
      type: PROBLEM_TYPE_BASE + 'internal-error',
      title: PROBLEM_TITLES['internal-error'],
      status: PROBLEM_STATUS['internal-error'],
      code: 'internal-error',
      detail: `The command could not be applied (${attempts} attempts failed); nothing was changed. It may be sent again.`,
      attempts,
      jobId: job.id,
    };
    await failAcceptedCommand(this.dataSource, commandId, problem);
    this.logger.error(`command ${commandId} (${job.name}) failed after ${attempts} attempts: marked failed`);
  }
}

/**
 * A command whose handler does work of its own before its transaction (the void of a refund asks the payment
 * provider first, outside any transaction) says so with `static worksBeforeItsTransaction = true`: its job reads
 * the row, then the handler's `CommandExecution.run` opens the transaction and locks it, as every job once did.
 */
function worksBeforeItsTransaction(commandClass: CommandClass): boolean {
  return (commandClass as unknown as { worksBeforeItsTransaction?: boolean }).worksBeforeItsTransaction === true;
}

export function envelopeOf(row: LockedCommandRow): CommandEnvelope {
  return {
    commandId: row.id,
    type: row.type,
    actor: row.actor as ActorRef,
    sellerId: row.sellerId,
    acceptedAt: row.acceptedAt,
    payload: row.payload,
  };
}
