import { isAllowedEndpointUrl } from './endpoint-url';

describe('isAllowedEndpointUrl', () => {
  it.each([
    'https://www.example.com/mm5/json.mvc',
    'https://203.0.113.7:8443/mm5/json.mvc',
    'http://localhost:8080/mm5/json.mvc',
    'http://LOCALHOST/mm5/json.mvc',
    'http://127.0.0.1:4100/mm5/json.mvc',
    'http://127.45.6.7/mm5/json.mvc',
    'http://[::1]:4100/mm5/json.mvc',
    'http://[0:0:0:0:0:0:0:1]/mm5/json.mvc',
  ])('accepts %s', (url) => {
    expect(isAllowedEndpointUrl(url)).toBe(true);
  });

  it.each([
    'http://www.example.com/mm5/json.mvc',
    'http://10.0.0.5/mm5/json.mvc',
    'http://128.0.0.1/mm5/json.mvc',
    'http://localhost.example.com/mm5/json.mvc',
    'http://127.0.0.1.example.com/mm5/json.mvc',
    'http://[::2]/mm5/json.mvc',
    'ftp://localhost/mm5/json.mvc',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedEndpointUrl(url)).toBe(false);
  });
});
