/**
 * Web Storage that never throws: Safari private mode, blocked third-party storage and sandboxed
 * frames all throw on access, and a chat widget must keep working (just forgetting) there.
 */
type Area = 'localStorage' | 'sessionStorage';

export function readStored(area: Area, key: string): string | null {
  try {
    return window[area].getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(area: Area, key: string, value: string | null): void {
  try {
    if (value === null) window[area].removeItem(key);
    else window[area].setItem(key, value);
  } catch {
    // Storage unavailable or full: the widget keeps the value in memory only.
  }
}
