// The client's address behind the proxies server.trust_proxy trusts, as
// express's req.ip reads it, for node's own requests: the hot routes and the
// realtime upgrades never pass through express.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

type Trust = (address: string, hop: number) => boolean;

/** express's compileTrust: true trusts every hop, a number that many hops, a string a comma-separated list of addresses, subnets or names (loopback, …). */
function compileTrust(setting: boolean | string | number): Trust {
  if (setting === true) return () => true;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  if (typeof setting === 'string') return proxyaddr.compile(setting.split(',').map((v) => v.trim()));
  return proxyaddr.compile([]);
}

export function clientAddressResolver(setting: boolean | string | number): (req: IncomingMessage) => string {
  const trust = compileTrust(setting);
  return (req) => proxyaddr(req, trust) || req.socket.remoteAddress || 'unknown';
}
