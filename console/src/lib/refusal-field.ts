import type { ErrorDetail } from '../api/client';

/** The connect-store form's fields that an error can be shown at. */
export type StoreFormField =
  | 'name'
  | 'endpointUrl'
  | 'storeCode'
  | 'accessToken'
  | 'signingKey'
  | 'signatureDigest'
  | 'queueCode'
  | 'strategy'
  | 'pollIntervalSeconds'
  | 'paymentPassphrase';

export interface FieldError {
  /** The field the message belongs at; undefined = the form as a whole. */
  field: StoreFormField | undefined;
  message: string;
}

interface ErrorLike {
  code: string;
  message: string;
  details: ErrorDetail[];
}

// Miva's refusals (docs/MIVA.md, "Authentication"): which credential each one is about. Checked
// on Miva's own message, in order; the first that matches wins.
const MIVA_MESSAGE_FIELDS: [RegExp, StoreFormField][] = [
  [/signature|signing key/i, 'signingKey'],
  [/store (not found|code)/i, 'storeCode'],
  [/queue/i, 'queueCode'],
  [/access denied|token|timestamp|permission|not authorized|function/i, 'accessToken'],
];

/** Miva's own words: the bridge reports `Miva <Function> failed: [<code>] <message>`. */
function mivaWords(text: string): string {
  return /\[[^\]]+\]\s*(.+)$/.exec(text)?.[1] ?? text;
}

const VALIDATION_FIELDS: Record<string, StoreFormField> = {
  name: 'name',
  endpointUrl: 'endpointUrl',
  storeCode: 'storeCode',
  accessToken: 'accessToken',
  signingKey: 'signingKey',
  signatureDigest: 'signatureDigest',
  paymentPassphrase: 'paymentPassphrase',
  'download.queueCode': 'queueCode',
  'download.strategy': 'strategy',
  'download.pollIntervalSeconds': 'pollIntervalSeconds',
  queueCode: 'queueCode',
  strategy: 'strategy',
  pollIntervalSeconds: 'pollIntervalSeconds',
};

/**
 * Where to show an error of POST/PATCH /stores: Miva's own refusal (422 MIVA_REJECTED) at the
 * credential it concerns, "unreachable" (502) at the endpoint URL, each validation detail at its
 * field. Anything else is shown for the form as a whole.
 */
export function storeFormErrors(error: ErrorLike): FieldError[] {
  if (error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
    return error.details.map((d) => ({
      field: d.field === undefined ? undefined : VALIDATION_FIELDS[d.field],
      message:
        d.field !== undefined && VALIDATION_FIELDS[d.field] === undefined
          ? `${d.field}: ${d.message}`
          : d.message,
    }));
  }
  if (error.code === 'MIVA_UNREACHABLE') {
    return [{ field: 'endpointUrl', message: error.message }];
  }
  if (error.code === 'MIVA_REJECTED') {
    const detail = error.details[0];
    const words = mivaWords(detail?.message ?? error.message);
    const message = `Miva: ${words}`;
    // A refusal during the queue check that is not about the credentials is about the queue.
    if (detail?.check === 'queue' && detail.code !== 'access_denied') {
      return [{ field: 'queueCode', message }];
    }
    const field = MIVA_MESSAGE_FIELDS.find(([pattern]) => pattern.test(words))?.[1];
    return [{ field: field ?? 'accessToken', message }];
  }
  return [{ field: undefined, message: error.message }];
}
