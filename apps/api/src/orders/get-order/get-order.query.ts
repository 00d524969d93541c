import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetOrderQuery extends GetQuery {}
