import type { LoginResponse, UserView } from '@aftersale/contracts';

// The token lasts a working shift; it is kept for the browser tab's session only (sessionStorage).
const TOKEN = 'aftersale.token';
const USER = 'aftersale.user';
const EXPIRED = 'aftersale.sessionExpired';

function expiresAt(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN),
  user(): UserView | null {
    const raw = sessionStorage.getItem(USER);
    return raw ? (JSON.parse(raw) as UserView) : null;
  },
  save(login: LoginResponse): void {
    sessionStorage.setItem(TOKEN, login.accessToken);
    sessionStorage.setItem(USER, JSON.stringify(login.user));
    sessionStorage.removeItem(EXPIRED);
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
  },
  /** true when a token is kept but its `exp` has passed */
  isExpired(now = Date.now()): boolean {
    const token = session.token();
    if (!token) return false;
    const exp = expiresAt(token);
    return exp !== null && exp <= now;
  },
  /** the login page tells the user why they are there */
  markExpired: (): void => sessionStorage.setItem(EXPIRED, '1'),
  /** kept until the next successful login: the login page may mount more than once on its way in */
  wasExpired: (): boolean => sessionStorage.getItem(EXPIRED) === '1',
};
