// One json.mvc request, end to end: method and content type, authentication (§1.3), then a single
// call, `Iterations` (bare array) or `Operations` (one slot per operation, nested arrays for
// iterations) with `Range` and the batch timeout (§2).
import { authenticate } from './auth';
import { dispatch, callName } from './functions/registry';
import { accessDenied, error, type MivaResponse, stringify } from './json';
import { Params } from './params';
import type { SimulatorState } from './state';

export interface ApiRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function header(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function respond(status: number, value: unknown, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: extra, body: stringify(value) };
}

type Range = { start: number; end: number } | { error: ApiResponse };

/** `Range: Operations=<a>-<b>` (1-based, inclusive, either end blank). */
function parseRange(value: string | undefined, total: number): Range | null {
  if (value === undefined || value.trim() === '') {
    return null;
  }
  const eq = value.indexOf('=');
  const unit = (eq < 0 ? value : value.slice(0, eq)).trim().toLowerCase();
  if (unit !== 'operations') {
    return { error: respond(200, error('MER-JSN-00028', 'Unknown Unit Type')) };
  }
  const spec = eq < 0 ? '' : value.slice(eq + 1).trim();
  const bad = (code: string, message: string): Range => ({
    error: respond(416, error(code, message), { 'Content-Range': `*/${total}` }),
  });
  if (spec.includes(',')) {
    return bad('MER-JSN-00031', 'Multiple ranges are not supported');
  }
  const m = /^(\d*)-(\d*)$/.exec(spec);
  if (!m || (m[1] === '' && m[2] === '')) {
    return bad('MER-JSN-00032', 'Range Not Satisfiable');
  }
  const start = m[1] === '' ? 1 : Number(m[1]);
  const end = m[2] === '' ? total : Number(m[2]);
  if (start < 1 || start > total) {
    return bad('MER-JSN-00033', 'Range Not Satisfiable');
  }
  if (end < start || end > total) {
    return bad('MER-JSN-00034', 'Range Not Satisfiable');
  }
  return { start, end };
}

function runOne(
  state: SimulatorState,
  op: Record<string, unknown>,
  top: Record<string, unknown>,
): unknown {
  const base = new Params(op, top);
  const iterations = base.get('Iterations');
  if (Array.isArray(iterations)) {
    return iterations.map((it) =>
      dispatch(state, new Params(it as Record<string, unknown>, op, top)),
    );
  }
  return dispatch(state, base);
}

export async function handleApiRequest(
  state: SimulatorState,
  req: ApiRequest,
  log: (functions: string[], status: number, authorized: boolean, err?: string) => void,
): Promise<ApiResponse> {
  if (req.method !== 'POST') {
    log([], 200, false, 'Invalid request method');
    return respond(200, accessDenied('Invalid request method'));
  }
  if (!(header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) {
    log([], 200, false, 'Invalid request content type');
    return respond(200, accessDenied('Invalid request content type'));
  }
  let body: Record<string, unknown> = {};
  let parsed = true;
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      body = v as Record<string, unknown>;
    } else {
      parsed = false;
    }
  } catch {
    parsed = false;
  }
  const authHeader = header(req, 'x-miva-api-authorization');
  if (authHeader === undefined) {
    // [I] Without the header json.mvc takes its admin-session path; an API client just gets refused.
    log([], 200, false, 'Access denied');
    return respond(200, accessDenied());
  }
  const tsKey = Object.keys(body).find((k) => k.toLowerCase() === 'miva_request_timestamp');
  const auth = authenticate(
    authHeader,
    req.body,
    tsKey ? body[tsKey] : undefined,
    state.token,
    state.now(),
  );
  if (!auth.ok) {
    log([], 200, false, auth.message);
    return respond(200, accessDenied(auth.message));
  }
  if (!parsed) {
    // [I] wording: the body was signed correctly but is not a JSON object.
    log([], 200, true, 'Invalid JSON');
    return respond(200, error('MER-JSN-00001', 'Unable to parse JSON request'));
  }

  const operations = new Params(body).get('Operations');
  if (!Array.isArray(operations)) {
    const params = new Params(body);
    const result = runOne(state, {}, body);
    const r = respond(200, result);
    log([callName(params)], 200, true, errorOf(result));
    return r;
  }

  const total = operations.length;
  const range = parseRange(header(req, 'range'), total);
  if (range && 'error' in range) {
    log([], range.error.status, true, 'Range');
    return range.error;
  }
  const start = range ? range.start : 1;
  const end = range ? range.end : total;
  const timeoutSeconds = Number(header(req, 'x-miva-api-timeout') ?? 60) || 60;
  const began = Date.now();
  const results: unknown[] = [];
  const names: string[] = [];
  let stopped = false;
  for (let i = start; i <= end; i++) {
    if (results.length > 0) {
      const stopAfter = state.faults.multicallStopAfter;
      if (
        (stopAfter !== null && results.length >= stopAfter) ||
        Date.now() - began >= timeoutSeconds * 1000
      ) {
        stopped = true;
        break;
      }
    }
    if (state.faults.operationDelayMs > 0) {
      await sleep(state.faults.operationDelayMs);
    }
    const op = (operations[i - 1] ?? {}) as Record<string, unknown>;
    names.push(callName(new Params(op, body)));
    results.push(runOne(state, op, body));
  }
  const headers: Record<string, string> = {};
  if (stopped || range) {
    headers['Content-Range'] = `${results.length}/${total}`;
  }
  const status = stopped ? 206 : 200;
  log(names, status, true);
  return respond(status, results, headers);
}

function errorOf(result: unknown): string | undefined {
  const r = result as MivaResponse;
  return r && typeof r === 'object' && !Array.isArray(r) && r.success === 0
    ? String(r.error_code)
    : undefined;
}
