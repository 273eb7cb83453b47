import type { ReactNode } from 'react';
import type { Permission } from '../../../domain/roles.js';
import { allows } from '../../app/navigation';
import { LazyNoAccess } from '../../components/LazyResults';
import { useSession } from './session';

/** A page guard: the menu already hides what a role cannot use; this covers typed-in addresses. */
export function RequirePermission({ anyOf, children }: { anyOf: readonly Permission[]; children: ReactNode }) {
  const me = useSession();
  return allows(me, anyOf) ? children : <LazyNoAccess />;
}
