import { Create, PasswordInput, SelectInput, SimpleForm, TextInput, email, minLength, required } from 'react-admin';
import { roleChoices } from './roles';

export default function UserCreate() {
  return (
    <Create redirect="list" mutationMode="pessimistic">
      <SimpleForm>
        <TextInput source="name" validate={required()} />
        <TextInput source="email" type="email" validate={[required(), email()]} />
        <SelectInput source="role" choices={roleChoices} validate={required()} defaultValue="seller_agent" />
        <PasswordInput source="password" validate={[required(), minLength(12)]} />
      </SimpleForm>
    </Create>
  );
}
