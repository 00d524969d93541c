import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetCommandQuery extends GetQuery {}
