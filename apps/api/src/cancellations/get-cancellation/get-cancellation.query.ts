import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetCancellationQuery extends GetQuery {}
