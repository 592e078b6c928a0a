// Closing a BullMQ queue or worker when Redis may be away or just restarted:
// close() waits on Redis and can wait for ever, and a client left behind
// keeps reconnecting (and the process alive) after the gateway has shut down.
// So close() gets `ms`, and then the connection is cut (disconnect()).
export interface BullClosable {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}

export async function closeBounded(target: BullClosable, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const outcome = await Promise.race([target.close().then(() => 'closed' as const, () => 'failed' as const), late]);
  clearTimeout(timer);
  if (outcome !== 'closed') await target.disconnect().catch(() => undefined);
}
