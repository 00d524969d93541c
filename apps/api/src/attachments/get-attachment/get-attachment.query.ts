import { GetQuery } from '../../infrastructure/lists/read-queries';

/** One attachment's row (with its storage key), for streaming its bytes. */
export class GetAttachmentQuery extends GetQuery {}
