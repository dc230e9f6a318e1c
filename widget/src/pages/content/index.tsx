import { Placeholder } from '../placeholder.tsx';

export function ContentPage() {
  return <Placeholder name="content" />;
}
