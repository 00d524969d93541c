import { Injectable } from '@nestjs/common';
import { appendMessage, marketplaceChatCase } from '@aftersale/server/persistence';
import { TransactionContext } from '../../infrastructure/transaction-context';
import { findLink, saveLink } from '../marketplace-links';
import { OzonAccount } from '../ozon-accounts.service';

const CHATS_PAGE = 100;
/** the latest messages read per chat and run; older ones were imported by earlier runs */
const HISTORY_PAGE = 50;

/**
 * Chats → the case's conversation (docs/ozon.md#import): the buyer's messages in Ozon's chat about an imported
 * posting become messages on that order's case (its latest return case, else its latest cancellation request), by
 * the channel `Ozon: buyer`. Each message is linked (`chat-message`, `<chat_id>/<message_id>`), so importing twice
 * adds nothing; a chat about a posting with no case yet is read again on the next run.
 */
@Injectable()
export class OzonChatsImport {
  async importChats(
    account: OzonAccount,
    apply: (what: string, work: (tx: TransactionContext) => Promise<boolean>) => Promise<boolean>,
  ): Promise<number> {
    let imported = 0;
    let cursor: string | undefined;
    for (;;) {
      const answer = await account.client.call('/v3/chat/list', {
        filter: { chat_status: 'All', unread_only: false },
        limit: CHATS_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const listed of answer.chats ?? []) {
        const chatId = listed.chat?.chat_id;
        if (!chatId || listed.chat?.chat_type === 'Seller_Support') continue;
        const history = await account.client.call('/v3/chat/history', {
          chat_id: chatId,
          direction: 'Backward',
          limit: HISTORY_PAGE,
        });
        // oldest first, so the thread reads in Ozon's order
        for (const message of [...(history.messages ?? [])].reverse()) {
          if (message.user?.type !== 'Customer' && message.user?.type !== 'Сustomer') continue;
          const externalId = `${chatId}/${message.message_id}`;
          const orderNumber = message.context?.order_number;
          if (!orderNumber) continue;
          if (
            await apply(`chat message ${externalId}`, (tx) =>
              this.applyMessage(tx, account, externalId, orderNumber, message),
            )
          )
            imported += 1;
        }
      }
      if (!answer.has_next || !answer.cursor || answer.cursor === cursor) return imported;
      cursor = answer.cursor;
    }
  }

  private async applyMessage(
    tx: TransactionContext,
    account: OzonAccount,
    externalId: string,
    orderNumber: string,
    message: { data?: string[]; is_image?: boolean; created_at?: string },
  ): Promise<boolean> {
    const { sellerId } = account;
    if (await findLink(tx.manager, sellerId, 'chat-message', externalId)) return false;
    const target = await marketplaceChatCase(tx.manager, sellerId, orderNumber);
    if (!target) return false; // no case on that order yet: the next run reads the chat again
    const text = (message.data ?? []).join('\n').trim();
    const body = message.is_image ? `[image] ${text}` : text;
    if (!body) return false;
    const posted = await appendMessage(tx.manager, {
      sellerId,
      caseType: target.caseType,
      caseId: target.caseId,
      orderId: target.orderId,
      author: { kind: 'channel', id: sellerId, name: 'Ozon: buyer' },
      body: body.slice(0, 4000),
    });
    await saveLink(tx.manager, sellerId, 'chat-message', externalId, posted.id, 'received');
    return true;
  }
}
