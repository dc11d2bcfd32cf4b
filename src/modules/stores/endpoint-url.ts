/**
 * Whether a store's json.mvc URL may be used: https, or plain http to a loopback host only (the
 * simulator, tests), so signed requests and the data they carry never cross a network in clear.
 */
export function isAllowedEndpointUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') {
    return true;
  }
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** `localhost`, 127.0.0.0/8 or [::1], as the WHATWG URL parser normalises a hostname. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
