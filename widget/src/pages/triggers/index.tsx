import { Placeholder } from '../placeholder.tsx';

export function TriggersPage() {
  return <Placeholder name="triggers" />;
}
