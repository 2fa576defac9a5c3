// Runs last: after every other suite has exercised the extension, none of its code used the network.
import * as assert from 'node:assert/strict';
import http from 'node:http';
import { networkAttempts, watchCallsFrom } from './networkGuard';

suite('privacy', () => {
  test('the network guard sees a request when one is made', async () => {
    const before = networkAttempts().length;
    const stop = watchCallsFrom(__filename);
    try {
      await new Promise<void>((resolve) => {
        http.get('http://127.0.0.1:9/', () => resolve()).on('error', () => resolve());
      });
    } finally {
      stop();
    }
    const seen = networkAttempts().slice(before);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].api, 'http.get');
    // Forget the self-test's own request so the next test judges only the extension.
    (networkAttempts() as unknown[]).splice(before);
  });

  test('no network request came from GRU Scribe during the whole integration run', () => {
    const attempts = networkAttempts();
    assert.deepEqual(attempts.map((a) => `${a.api} ${a.target}`), [],
      attempts.map((a) => a.stack).join('\n\n'));
  });
});
