/** Cases that carry a conversation (docs/rules.md#conversation-and-audit). */
export const MESSAGE_CASE_TYPES = ['cancellation', 'return'] as const;
export type MessageCaseType = (typeof MESSAGE_CASE_TYPES)[number];

export const MESSAGE_AUTHOR_KINDS = ['user', 'channel', 'system'] as const;
export type MessageAuthorKind = (typeof MESSAGE_AUTHOR_KINDS)[number];

/** Who wrote a message: a console user (ops included), the channel (buyer / marketplace side) or the system. */
export interface MessageAuthor {
  kind: MessageAuthorKind;
  /** the user's id; the channel's seller id; absent for the system */
  id?: string;
  name: string;
}

/** A message of a case's thread. Messages are evidence: never edited, never deleted. */
export interface MessageView {
  id: string;
  sellerId: string;
  caseType: MessageCaseType;
  caseId: string;
  author: MessageAuthor;
  body: string;
  attachmentIds: string[];
  createdAt: string;
}

export interface CreateMessageBody {
  caseType: MessageCaseType;
  caseId: string;
  body: string;
  attachmentIds?: string[];
}

/** The answer to `POST /attachments`; `GET /attachments/:id` streams the bytes. */
export interface AttachmentView {
  id: string;
  fileName: string;
  /** what the bytes are (sniffed), never what the client claimed */
  contentType: string;
  size: number;
}
