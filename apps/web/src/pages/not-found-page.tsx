import { NotFoundView } from '../components/page-error';

export default function NotFoundPage() {
  return <NotFoundView />;
}
