// A minimal signed json.mvc client for the simulator's integration specs (the real client lives in
// src/modules/miva; these specs must not depend on it).
import { createHmac } from 'node:crypto';
import type { RunningSimulator } from '../../src/simulator/simulator';
import { ORDER_DOWNLOAD_COLUMNS } from '../../src/miva-model/miva.models';

/** Responses are asserted structurally; a loose type keeps the specs readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RawResult {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export async function mivaCall(
  sim: RunningSimulator,
  payload: Record<string, unknown>,
  opts: {
    headers?: Record<string, string>;
    digest?: 'sha1' | 'sha256';
    key?: string;
    timestamp?: number | null;
  } = {},
): Promise<RawResult> {
  const ts = opts.timestamp === undefined ? Math.floor(Date.now() / 1000) : opts.timestamp;
  const body = JSON.stringify({
    Store_Code: sim.storeCode,
    ...(ts === null ? {} : { Miva_Request_Timestamp: ts }),
    ...payload,
  });
  const digest = opts.digest ?? 'sha256';
  const sig = createHmac(digest, Buffer.from(opts.key ?? sim.signingKey, 'base64'))
    .update(body)
    .digest('base64');
  const res = await fetch(sim.endpointUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Miva-API-Authorization': `MIVA-HMAC-${digest.toUpperCase()} ${sim.accessToken}:${sig}`,
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

import { simulatorControl } from '../../src/simulator/control-client';

/** The control API, answers typed loosely like `mivaCall`'s. */
export function control(
  sim: RunningSimulator,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Json> {
  return simulatorControl<Json>(sim, method, path, body);
}

export const ALL_COLUMNS = [...ORDER_DOWNLOAD_COLUMNS];
