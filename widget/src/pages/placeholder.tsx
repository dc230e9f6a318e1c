import { Card, Empty } from '../ui/index.tsx';

/** Stands in for a page that is still being built. */
export function Placeholder({ name }: { name: string }) {
  return (
    <Card title={name}>
      <Empty />
    </Card>
  );
}
