import { Placeholder } from '../placeholder.tsx';

export function BandsPage() {
  return <Placeholder name="bands" />;
}
