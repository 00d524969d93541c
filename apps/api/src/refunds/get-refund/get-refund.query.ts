import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetRefundQuery extends GetQuery {}
