import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetUserQuery extends GetQuery {}
