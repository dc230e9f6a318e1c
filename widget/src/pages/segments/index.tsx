import { Placeholder } from '../placeholder.tsx';

export function SegmentsPage() {
  return <Placeholder name="segments" />;
}
