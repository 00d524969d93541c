import { RequiredText } from '../infrastructure/dto-fields';

export class VoidRefundDto {
  @RequiredText(2000)
  comment!: string;
}
