/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

export {};

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    /** Generated per request by server.js; in every log line and on the 500 page. */
    requestId: string;
    /** The client's address (req.ip, honouring TRUST_PROXY). */
    clientAddress: string;
    /** The Content-Security-Policy nonce for this response's scripts. */
    cspNonce: string;
    /**
     * Set by handleError when the database could not be reached, so that server.js answers
     * 503 with Retry-After instead of 500 (see app/lib/outage.server.ts).
     */
    outage?: { databaseUnavailable: boolean };
  }
}
