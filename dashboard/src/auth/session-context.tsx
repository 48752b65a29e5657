import { createContext, useContext } from 'react';
import type { Claims } from './token';

export interface Session {
  token: string;
  claims: Claims;
  /** True for partner tokens: one company, figures of small groups withheld. */
  partner: boolean;
  /** Forgets the token; `reason` is shown on the sign-in form. */
  signOut(reason?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}

/** For components that only render once signed in. */
export function useSignedIn(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSignedIn outside a signed-in session');
  return session;
}
