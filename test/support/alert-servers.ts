import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * Real servers for the alert tests (issue 18): an SMTP server (nodemailer's smtp-server) that
 * keeps every message it accepts, parsed, and an HTTP server that verifies each webhook's
 * HMAC-SHA256 signature as docs/alerts.md tells a receiver to.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export async function startSmtp() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            from: mail.from?.text ?? "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  path: string;
  body: Record<string, unknown>;
  signatureValid: boolean;
}

/** `fail` answers that many requests (to `failPath`, when set) with a 500 first (a gateway's bad minute). */
export async function startWebhookReceiver(secretFor: (path: string) => string) {
  const received: ReceivedHook[] = [];
  const state = { fail: 0, failPath: null as string | null, requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      state.requests++;
      if (state.fail > 0 && (state.failPath === null || state.failPath === req.url)) {
        state.fail--;
        res.writeHead(500).end("busy");
        return;
      }
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac("sha256", secretFor(req.url ?? "")).update(raw).digest("hex")}`);
      const given = Buffer.from(String(req.headers["x-albergue-signature"] ?? ""));
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      received.push({ path: req.url ?? "", body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>, signatureValid });
      res.writeHead(signatureValid ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
