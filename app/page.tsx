import { BuilderApp } from '@/components/builder/builder-app';

export default function Page() {
  return <BuilderApp />;
}
