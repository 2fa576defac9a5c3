// Started as a worker thread by zz-privacy.test.ts: makes two requests to a closed port on this machine, which
// the network guard must record from inside the thread.
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

const viaHttp = new Promise<void>((resolve) => { http.get('http://127.0.0.1:9/', () => resolve()).on('error', () => resolve()); });
const viaFetch = fetch('http://127.0.0.1:9/').then(() => {}, () => {});
void Promise.all([viaHttp, viaFetch]).then(() => parentPort!.postMessage('done'));
