/**
 * Sending e-mail (nodemailer over SMTP), for any mail the app sends: reminders now, others
 * later. The server comes from SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS from the
 * start) and the sender from SMTP_FROM. Without SMTP_URL nothing is sent: the message is
 * written to the log (stdout) and reported as "logged", so a demo or a test machine needs no
 * mail server. A caller (a test) may name its own server or transport instead of the settings.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server";

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text; the only body for now. */
  text: string;
}

/** "sent": handed to the SMTP server; "logged": no server is set, written to the log instead. */
export interface MailResult {
  status: "sent" | "logged";
  messageId: string | null;
}

export interface MailOptions {
  /** An SMTP URL, or a nodemailer transport of the caller's own; default SMTP_URL. Null: log only. */
  transport?: string | Transporter | null;
  /** The sender; default SMTP_FROM. */
  from?: string;
  /** Where a logged message is written; default stdout. */
  log?: (line: string) => void;
}

/** Thrown when the server refuses the message or cannot be reached. */
export class MailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MailError";
  }
}

/** One transport per SMTP URL, reused between messages (a connection is opened per message). */
const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/** Closes the transports this module opened (for a script that wants to exit cleanly). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}

export async function sendMail(message: MailMessage, options: MailOptions = {}): Promise<MailResult> {
  const env = getEnv();
  const from = options.from ?? env.SMTP_FROM;
  const target = options.transport === undefined ? (env.SMTP_URL ?? null) : options.transport;
  if (target === null) {
    const log = options.log ?? ((line: string) => console.log(line));
    log([`[mail] (no SMTP_URL: not sent) From: ${from}`, `To: ${message.to}`, `Subject: ${message.subject}`, "", message.text, "[/mail]"].join("\n"));
    return { status: "logged", messageId: null };
  }
  const transport = typeof target === "string" ? transportFor(target) : target;
  let info: { messageId?: string; rejected?: unknown[] };
  try {
    info = (await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text })) as typeof info;
  } catch (e) {
    throw new MailError(`sending to ${message.to} failed: ${(e as Error).message}`, { cause: e });
  }
  if (Array.isArray(info.rejected) && info.rejected.length > 0) throw new MailError(`the server refused ${info.rejected.map(String).join(", ")}`);
  return { status: "sent", messageId: info.messageId ?? null };
}
