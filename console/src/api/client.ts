import { forgetKey, storedKey } from '../lib/session';

/** One entry of an error's `details` (a field and a message, or Miva's check and code). */
export interface ErrorDetail {
  field?: string;
  message: string;
  check?: string;
  code?: string | null;
}

/** The API's error shape, or a network failure (status 0), as something the screens can show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Listeners told when the API refuses the key (401): the app signs out. */
const unauthorizedListeners = new Set<(error: ApiError) => void>();
export function onUnauthorized(listener: (error: ApiError) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** A key to use instead of the stored one (signing in). */
  key?: string;
  signal?: AbortSignal;
}

/** Calls /api/v1 with the signed-in key; resolves with the JSON body, rejects with an ApiError. */
export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const key = options.key ?? storedKey() ?? '';
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'NETWORK', 'The bridge could not be reached. Is the service running?');
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const error = toApiError(res.status, json);
    if (res.status === 401 && options.key === undefined) {
      forgetKey();
      for (const listener of unauthorizedListeners) {
        listener(error);
      }
    }
    throw error;
  }
  return json as T;
}

function toApiError(status: number, json: unknown): ApiError {
  const err = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  if (err && typeof err.message === 'string') {
    return new ApiError(
      status,
      typeof err.code === 'string' ? err.code : 'ERROR',
      err.message,
      Array.isArray(err.details) ? (err.details as ErrorDetail[]) : [],
    );
  }
  return new ApiError(status, 'HTTP_' + String(status), `The bridge answered HTTP ${status}.`);
}

/** A query string from the defined, non-empty values. */
export function query(
  params: Record<string, string | number | boolean | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
