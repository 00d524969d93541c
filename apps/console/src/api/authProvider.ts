import type { AuthProvider } from 'react-admin';
import type { LoginResponse, Role } from '@aftersale/contracts';
import { API } from './http';
import { problemKey } from './problems';
import { session } from './session';

/** Where each role starts: the work comes to them (agents: decisions; warehouse: the scan field). */
export const homeOf = (role: Role | undefined): string => (role === 'warehouse' ? '/scan' : '/');

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    let response: Response;
    try {
      response = await fetch(`${API}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: username, password }),
      });
    } catch {
      throw new Error('problems.network');
    }
    if (response.status === 401) throw new Error('aftersale.auth.wrong_credentials');
    if (!response.ok) throw new Error(problemKey(await response.json().catch(() => null), response.status));
    const login = (await response.json()) as LoginResponse;
    session.save(login);
    return { redirectTo: homeOf(login.user.role) };
  },
  async logout() {
    session.clear();
  },
  async checkAuth() {
    if (session.isExpired()) {
      session.clear();
      session.markExpired();
      // the login page shows the notice itself (a notification would be lost in the redirect)
      throw { message: false };
    }
    if (!session.token()) throw { message: false };
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      if (session.token()) session.markExpired();
      session.clear();
      throw { message: false };
    }
  },
  async getIdentity() {
    const user = session.user();
    if (!user) throw new Error('problems.unauthenticated');
    return { id: user.id, fullName: user.name, email: user.email, role: user.role };
  },
  async getPermissions() {
    return session.user()?.role;
  },
};
