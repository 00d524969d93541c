import { GetQuery } from '../../infrastructure/lists/read-queries';

export class GetParcelQuery extends GetQuery {}
