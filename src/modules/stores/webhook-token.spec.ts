import {
  generateWebhookToken,
  hashWebhookToken,
  webhookPath,
  webhookTokenMatches,
} from './webhook-token';

describe('webhook tokens', () => {
  it('matches only the token whose hash is stored', () => {
    const token = generateWebhookToken();
    const hash = hashWebhookToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookTokenMatches(token, hash)).toBe(true);
    expect(webhookTokenMatches(`${token}x`, hash)).toBe(false);
    expect(webhookTokenMatches('', hash)).toBe(false);
    expect(webhookTokenMatches(generateWebhookToken(), hash)).toBe(false);
  });

  it('generates URL-safe, distinct tokens of 256 bits', () => {
    const a = generateWebhookToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookToken()).not.toBe(a);
  });

  it('shows the token in the path only when given', () => {
    expect(webhookPath('id-1')).toBe('/api/v1/webhooks/miva/id-1');
    expect(webhookPath('id-1', 'a+b')).toBe('/api/v1/webhooks/miva/id-1?token=a%2Bb');
  });
});
