// Requests written straight to a socket, pipelined on one connection: paths exactly as given (no
// client normalising them), thousands at a time. Returns each response's status, in order.
import net from 'node:net';

export async function pipelinedRequests(url: URL, paths: readonly string[], method = 'HEAD'): Promise<number[]> {
  const socket = net.connect(Number(url.port), url.hostname);
  const chunks: Buffer[] = [];
  let seen = 0;
  let carry = ''; // a status line split across two chunks is counted once
  let wanted = 0;
  let wake: (() => void) | undefined;
  let failed: Error | undefined;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    const text = carry + chunk.toString('latin1');
    seen += text.split('HTTP/1.1 ').length - 1;
    carry = text.slice(-8);
    if (seen >= wanted) wake?.();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => { wake?.(); resolve(); }));
  socket.on('error', (error) => {
    failed = error;
    wake?.();
  });
  // 1,000 requests in flight at a time, as a busy client would keep a connection busy.
  for (let sent = 0; sent < paths.length && !failed && !socket.destroyed; sent += 1000) {
    const batch = paths.slice(sent, sent + 1000);
    wanted = sent + batch.length;
    const answered = new Promise<void>((resolve) => { wake = resolve; });
    socket.write(batch.map((target) => `${method} ${target} HTTP/1.1\r\nHost: x\r\n\r\n`).join(''));
    if (seen < wanted) await answered;
  }
  socket.destroy();
  await closed;
  if (failed) throw failed;
  return (Buffer.concat(chunks).toString('latin1').match(/HTTP\/1\.1 \d{3}/g) ?? []).map((line) => Number(line.slice(-3)));
}
