import { RequiredText } from '../infrastructure/dto-fields';

export class LoginDto {
  @RequiredText(320)
  email!: string;
  @RequiredText(200)
  password!: string;
}
