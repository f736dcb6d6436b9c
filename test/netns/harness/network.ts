// One flat routed network made only of namespaces this run owns: a router namespace holding one
// bridge per cluster (the cluster's pod CIDR, the router's address .1 on it, IP forwarding on),
// and for every pod or node a namespace whose `eth0` is a veth created directly inside it, with
// its peer created directly inside the router and enslaved to the cluster's bridge. No interface,
// route or rule is ever created in the host's own namespace, so deleting the namespaces removes
// everything (a veth dies with either end's namespace).
import { ip, inNs, type NetnsRun } from './netns.js';

export interface SubnetDef {
  /** The first three octets: "10.231.1" for 10.231.1.0/24. */
  readonly prefix: string;
  /** The bridge's name in the router (≤ 15 characters). */
  readonly bridge: string;
}

export interface Host {
  readonly ns: string;
  readonly ip: string;
  readonly subnet: string;
}

export class FlatNetwork {
  #peers = 0;

  private constructor(
    private readonly run: NetnsRun,
    /** The router namespace: where the bridges are, and where the link between clusters can be sniffed. */
    readonly router: string,
    private readonly subnets: ReadonlyMap<string, SubnetDef>,
  ) {}

  static async create(run: NetnsRun, subnets: Readonly<Record<string, SubnetDef>>): Promise<FlatNetwork> {
    const router = await run.add('rt');
    for (const [i, def] of Object.values(subnets).entries()) {
      if (def.bridge.length > 15) throw new Error(`bridge name ${def.bridge} is longer than 15 characters`);
      // A fixed MAC: a bridge without one takes its lowest port's MAC and changes it when that port
      // goes away (a pod deleted), leaving every pod's ARP entry for its gateway pointing nowhere.
      const mac = `02:00:00:00:${(i + 1).toString(16).padStart(2, '0')}:01`;
      await ip(['link', 'add', def.bridge, 'address', mac, 'type', 'bridge'], router);
      await ip(['addr', 'add', `${def.prefix}.1/24`, 'dev', def.bridge], router);
      await ip(['link', 'set', def.bridge, 'up'], router);
    }
    // /proc/sys/net is per network namespace: this turns forwarding on in the router only.
    await inNs(router, 'sh', ['-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
    return new FlatNetwork(run, router, new Map(Object.entries(subnets)));
  }

  /** The router's address on a subnet (the pods' default gateway). */
  gateway(subnet: string): string {
    return `${this.#subnet(subnet).prefix}.1`;
  }

  /** A new namespace `role` attached to `subnet` with address `<prefix>.<host>`. */
  async attach(role: string, subnet: string, host: number): Promise<Host> {
    const def = this.#subnet(subnet);
    if (!Number.isInteger(host) || host < 2 || host > 254) throw new Error(`host number ${host} is outside 2..254`);
    const ns = await this.run.add(role);
    // Router-side names only need to be unique inside the router namespace.
    const peer = `v${++this.#peers}-${role}`.slice(0, 15);
    await ip(['link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', peer, 'netns', this.router]);
    await ip(['link', 'set', peer, 'master', def.bridge, 'up'], this.router);
    const addr = `${def.prefix}.${host}`;
    await ip(['addr', 'add', `${addr}/24`, 'dev', 'eth0'], ns);
    await ip(['link', 'set', 'eth0', 'up'], ns);
    await ip(['route', 'add', 'default', 'via', this.gateway(subnet)], ns);
    return { ns, ip: addr, subnet };
  }

  #subnet(name: string): SubnetDef {
    const def = this.subnets.get(name);
    if (!def) throw new Error(`no subnet ${JSON.stringify(name)} (have ${[...this.subnets.keys()].join(', ')})`);
    return def;
  }
}
