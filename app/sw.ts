/**
 * The service worker (docs/decisions/019-offline-outbox.md), bundled by scripts/build-sw.mjs
 * into public/sw.js. It keeps the app's static files and the signed-in user's field forms, so
 * a form opens with the link down; what is typed there is kept by the outbox in the page.
 *
 * What it never keeps: API responses, other pages, anything before the page has told it who is
 * signed in. Pages are kept in a cache named for the user (the HTML carries their data and the
 * session's facilities), deleted when another user signs in on the device or at logout.
 */
import { ExpirationPlugin } from "workbox-expiration";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";
import { outboxFormOf } from "~/lib/outbox/logic";

// The DOM types know no service worker scope; the few parts used here.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: "message", listener: (event: MessageEventLike) => void): void;
}
const worker = self as unknown as WorkerScope;

const VERSION = "v1";
const ASSETS = `albergue-assets-${VERSION}`;
const USER_PREFIX = "albergue-user-";
const META = "albergue-meta";
const USER_KEY = "/__albergue-sw-user";

let currentUser: number | null | undefined;

async function readUser(): Promise<number | null> {
  if (currentUser !== undefined) return currentUser;
  const stored = await (await caches.open(META)).match(USER_KEY);
  const id = stored ? Number(await stored.text()) : NaN;
  currentUser = Number.isInteger(id) && id > 0 ? id : null;
  return currentUser;
}

async function writeUser(id: number | null) {
  currentUser = id;
  const meta = await caches.open(META);
  if (id === null) await meta.delete(USER_KEY);
  else await meta.put(USER_KEY, new Response(String(id)));
  // Only the signed-in user's pages stay on the device.
  for (const name of await caches.keys()) {
    if (name.startsWith(USER_PREFIX) && name !== `${USER_PREFIX}${id}`) await caches.delete(name);
  }
}

/** The pages worth having offline: the field forms and the outbox page, as documents or data. */
function isFormPage(url: URL): boolean {
  if (url.origin !== location.origin) return false;
  const path = url.pathname.endsWith(".data") ? url.pathname.slice(0, -".data".length) : url.pathname;
  return path === "/outbox" || outboxFormOf(path) !== null;
}

// Only a whole, successful page of this site: never a redirect (to the sign-in page, say) or
// an error page standing in for the form.
const onlyWholePages = {
  cacheWillUpdate: async ({ response }: { response: Response }) =>
    response.status === 200 && response.type === "basic" && !response.redirected ? response : null,
};

// A page the server answers 503 (its database is unreachable) is no form to type into: the kept
// copy is shown instead, as when the link is down, and the outbox keeps what is submitted. With
// no kept copy the server's 503 page is shown as it was.
const unavailable = new Map<string, Response>();
const keptDuringOutage = {
  fetchDidSucceed: async ({ request, response }: { request: Request; response: Response }) => {
    if (response.status !== 503) return response;
    unavailable.set(request.url, response);
    throw new Error("server unavailable");
  },
  handlerDidError: async ({ request }: { request: Request }) => {
    const response = unavailable.get(request.url);
    unavailable.delete(request.url);
    return response;
  },
  cachedResponseWillBeUsed: async ({ request, cachedResponse }: { request: Request; cachedResponse?: Response }) => {
    if (cachedResponse) unavailable.delete(request.url);
    return cachedResponse ?? null;
  },
};

const pageStrategies = new Map<number, NetworkFirst>();
function pagesFor(user: number) {
  let strategy = pageStrategies.get(user);
  if (!strategy) {
    // A satellite link that hangs rather than fails: after 15 s the kept page is shown (the
    // network answer still refreshes it for next time).
    strategy = new NetworkFirst({ cacheName: `${USER_PREFIX}${user}`, networkTimeoutSeconds: 15, plugins: [onlyWholePages, keptDuringOutage] });
    pageStrategies.set(user, strategy);
  }
  return strategy;
}

registerRoute(
  ({ url, request }) => request.method === "GET" && isFormPage(url),
  async (options) => {
    const user = await readUser();
    if (user === null) return fetch(options.request);
    return pagesFor(user).handle(options);
  },
);

// Built files carry their content's hash in the name: once kept, always right.
registerRoute(
  ({ url, request }) =>
    request.method === "GET" && url.origin === location.origin && (url.pathname.startsWith("/build/") || url.pathname === "/favicon.svg"),
  new CacheFirst({ cacheName: ASSETS, plugins: [onlyWholePages, new ExpirationPlugin({ maxEntries: 300 })] }),
);

worker.addEventListener("install", (event) => {
  event.waitUntil(worker.skipWaiting());
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Older built files, and the route answers an earlier version kept (the page now knows
      // every route from its first load, decision 019).
      for (const name of await caches.keys()) {
        if ((name.startsWith("albergue-assets-") && name !== ASSETS) || name.startsWith("albergue-shell-")) await caches.delete(name);
      }
      await worker.clients.claim();
    })(),
  );
});

interface UserMessage {
  type: "user";
  id: number;
  /** The files the window loaded before this worker controlled it. */
  assets?: string[];
  /** The page shown, kept when it is a form. */
  page?: string;
}

async function keepAsset(assets: Cache, href: string) {
  const url = new URL(href, location.origin);
  if (url.origin !== location.origin || !url.pathname.startsWith("/build/")) return;
  if (!(await assets.match(url.href))) await assets.add(url.href).catch(() => {});
}

worker.addEventListener("message", (event) => {
  const message = event.data as UserMessage | { type: "logout" } | null;
  if (message?.type === "logout") {
    event.waitUntil(writeUser(null));
    return;
  }
  if (message?.type !== "user" || !Number.isInteger(message.id)) return;
  event.waitUntil(
    (async () => {
      if ((await readUser()) !== message.id) await writeUser(message.id);
      const assets = await caches.open(ASSETS);
      for (const href of message.assets ?? []) await keepAsset(assets, href);
      // The page just shown (if it is a form) and the outbox page, with the files they load,
      // so both open the next time the link is down.
      const pages = await caches.open(`${USER_PREFIX}${message.id}`);
      for (const page of [message.page, "/outbox"]) {
        if (!page) continue;
        const url = new URL(page, location.origin);
        if (!isFormPage(url) || (await pages.match(url.href))) continue;
        const response = await fetch(url.href, { credentials: "same-origin" }).catch(() => null);
        if (!response || !(await onlyWholePages.cacheWillUpdate({ response }))) continue;
        const html = await response.clone().text();
        await pages.put(url.href, response);
        for (const [href] of html.matchAll(/\/build\/[\w./-]+\.(?:js|css)/g)) await keepAsset(assets, href);
      }
    })(),
  );
});
