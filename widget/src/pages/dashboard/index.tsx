import { Placeholder } from '../placeholder.tsx';

export function DashboardPage() {
  return <Placeholder name="dashboard" />;
}
