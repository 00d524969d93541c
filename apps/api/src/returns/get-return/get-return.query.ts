import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetReturnQuery extends GetQuery {}
