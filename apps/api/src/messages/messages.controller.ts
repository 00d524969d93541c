import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { MessageView } from '@aftersale/contracts';
import { Allow, CurrentPrincipal } from '../infrastructure/auth/auth.decorators';
import { Principal } from '../infrastructure/auth/principal';
import { parseListParams, sendPage } from '../infrastructure/lists/list-params';
import { ListMessagesQuery, MESSAGES_LIST } from './list-messages/list-messages.query';
import { MESSAGE_PERMITS, MESSAGE_READS } from './message-cases';
import { getRecord } from '../infrastructure/lists/record-reads';
import { CreateMessageDto } from './post-message/create-message.dto';
import { sendCommandAnswer } from '../infrastructure/commands/command-response';
import { PostMessageService } from './post-message/post-message.service';

/**
 * The conversation of a cancellation request or a return case (docs/rules.md#conversation-and-audit). Messages are evidence: there
 * is no route to change or delete one (PUT, PATCH and DELETE are 404), and the database refuses it too.
 */
@ApiTags('messages')
@ApiSecurity('bearer')
@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly messages: PostMessageService,
  ) {}

  @Get()
  @Allow(...MESSAGE_PERMITS)
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MessageView[]> {
    const params = parseListParams(query, MESSAGES_LIST);
    if (query.sort === undefined) params.sort = ['createdAt', 'ASC'];
    return sendPage(response, await this.queries.execute(new ListMessagesQuery(principal, params)));
  }

  @Get(':id')
  @Allow(...MESSAGE_PERMITS)
  one(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<MessageView> {
    return getRecord(this.queries, MESSAGE_READS, id, principal);
  }

  @Post()
  @Allow(...MESSAGE_PERMITS)
  async create(
    @Body() body: CreateMessageDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendCommandAnswer(response, await this.messages.post(principal, body, key));
  }
}
