import { CONTENT_SECURITY_POLICY } from '../../src/shared/security.ts';
import { expect, test } from './fixtures.ts';

/** Issue 10, item 7: the built page carries the CSP as a <meta> tag too (the desktop shell's app:// page relies on it). */
test('the built page holds the CSP in a meta tag, the same policy as the header but frame-ancestors', async ({ openApp }) => {
  const page = await openApp();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const expected = CONTENT_SECURITY_POLICY.split('; ')
    .filter((part) => !part.startsWith('frame-ancestors'))
    .join('; ');
  expect(meta).toBe(expected);
  // In force: an inline script does not run.
  const ran = await page.evaluate(`(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.head.append(script);
    return window.__inline === true;
  })()`);
  expect(ran).toBe(false);
});
