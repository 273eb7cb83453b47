import { createContext, useContext } from 'react';
import type { Me } from '../../../domain/users.js';
import type { Permission } from '../../../domain/roles.js';

export const SessionContext = createContext<Me | null>(null);

/** The signed-in user; only used below RequireAuth, which guarantees one. */
export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside a signed-in area');
  return me;
}

export function hasPermission(me: Me, p: Permission): boolean {
  return me.permissions.includes(p);
}
