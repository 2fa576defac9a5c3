// A wait with a deadline that leaves no timer behind: a script that awaited a plain Promise.race against
// setTimeout stayed alive, after printing its results, until the timeout fired.

/**
 * Resolves as `promise` does, or rejects with `message` after `ms` milliseconds; either way the timer is
 * cleared, so it never keeps the process alive.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} message
 * @returns {Promise<T>}
 */
export async function withDeadline(promise, ms, message) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
