// The API key lives only in this tab's sessionStorage: closing the tab signs out, and nothing is
// written to localStorage or cookies.
const KEY = 'miva-oms-bridge.apiKey';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}
