// The one client of the simulator's control API (`/__sim/…`, not Miva: add or change orders,
// faults, latency, the call log; see README.md here), for tests, benchmarks and scripts.

export type ControlMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the control API of the simulator at `target` (its control URL, or a running simulator)
 * and returns the JSON answer; a non-2xx status throws with the simulator's message.
 */
export async function simulatorControl<T = unknown>(
  target: string | { controlUrl: string },
  method: ControlMethod,
  path: string,
  body?: unknown,
): Promise<T> {
  const controlUrl = typeof target === 'string' ? target : target.controlUrl;
  const res = await fetch(`${controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`simulator ${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}
