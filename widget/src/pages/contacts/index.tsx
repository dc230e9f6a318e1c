import { Placeholder } from '../placeholder.tsx';

export function ContactsPage() {
  return <Placeholder name="contacts" />;
}
