import net from "node:net";

// A satellite link between the browser and the test server (issue 15: the field journeys run on
// "a throttled link, 400 kbps, 400 ms"). A TCP proxy in front of the server: every byte in each
// direction shares one link of `kbps`, and reaches the other side `latencyMs / 2` after it left,
// so a request and its answer take at least `latencyMs` and a page's scripts queue behind each
// other as they do on the real link. The browser's own emulation (CDP) is not used because
// Playwright's setOffline resets it, and the offline journeys cut and restore the link.

export interface ThrottledLink {
  /** Where the browser goes instead of the server. */
  url: string;
  close: () => Promise<void>;
}

export async function throttledLink(target: URL, { kbps = 400, latencyMs = 400 } = {}): Promise<ThrottledLink> {
  const bytesPerMs = (kbps * 1000) / 8 / 1000;
  const oneWay = latencyMs / 2;
  // When each direction of the link is next free (ms since the epoch).
  const free = { up: 0, down: 0 };
  const sockets = new Set<net.Socket>();

  /** When `bytes` sent now in `direction` reach the other side (ms since the epoch). */
  function arrival(direction: "up" | "down", bytes: number) {
    const sent = Math.max(Date.now(), free[direction]) + bytes / bytesPerMs;
    free[direction] = sent;
    return sent + oneWay;
  }

  /**
   * Carries one direction of one connection: a queue in order, emptied by one timer, so a chunk
   * is never delivered before the one sent ahead of it (timers alone may fire out of order).
   */
  function carry(from: net.Socket, to: net.Socket, direction: "up" | "down") {
    const queue: { at: number; chunk: Buffer | null }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length > 0 && queue[0]!.at <= now) {
        const { chunk } = queue.shift()!;
        if (chunk === null) to.end();
        else if (to.writable) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(pump, queue[0]!.at - now);
    };
    const push = (chunk: Buffer | null) => {
      queue.push({ at: arrival(direction, chunk?.length ?? 0), chunk });
      timer ??= setTimeout(pump, Math.max(0, queue[0]!.at - Date.now()));
    };
    from.on("data", (chunk: Buffer) => push(chunk));
    from.on("end", () => push(null));
  }

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    carry(client, upstream, "up");
    carry(upstream, client, "down");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `${target.protocol}//localhost:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
