import nodemailer from "nodemailer";

/** Where invitations are e-mailed from: only when both SMTP settings are given. */
export interface InvitationMailSettings {
  url: string;
  from: string;
  /** The public origin the invitation link starts with. */
  origin: string;
}

/**
 * `STEPWISE_SMTP_URL` (an SMTP URL, e.g. `smtps://user:pass@mail.example:465`) and `STEPWISE_SMTP_FROM`.
 * `json:` is the tests' scheme: nothing leaves the process, the message lands in {@link jsonOutbox}.
 */
export function invitationMailSettings(env: NodeJS.ProcessEnv = process.env): InvitationMailSettings | undefined {
  const url = env.STEPWISE_SMTP_URL?.trim();
  const from = env.STEPWISE_SMTP_FROM?.trim();
  if (!url || !from) return undefined;
  const origin = new URL(env.AUTH_URL ?? env.STEPWISE_ORIGIN ?? `http://localhost:${env.PORT ?? "3000"}`).origin;
  return { url, from, origin };
}

/** Messages "sent" through the `json:` scheme, newest last. */
export const jsonOutbox: { to: string; from: string; subject: string; text: string }[] = [];

export interface InvitationMail {
  to: string;
  patientName: string;
  code: string;
  path: string;
  validUntil: Date;
}

/** The handout in an e-mail: the link, the code, until when, and the same plain steps. */
export function invitationMailText(settings: InvitationMailSettings, mail: Omit<InvitationMail, "to">): { subject: string; text: string } {
  const link = `${settings.origin}${mail.path}`;
  const until = mail.validUntil.toUTCString();
  return {
    subject: "Your Stepwise invitation",
    text: [
      `Hello ${mail.patientName},`,
      "",
      "Your care team invites you to see your care plan, answer questionnaires between visits and send them messages.",
      "",
      `Your invitation code: ${mail.code}`,
      `It works once, until ${until}.`,
      "",
      `1. On your phone or computer, open ${link}`,
      "2. Check that the code above is filled in (or type it in).",
      "3. Enter an email address you use, and choose a password of at least 12 characters.",
      "4. You will see your care plan. Next time, sign in with that email and password.",
      "",
      "Keep this message private. If the code has run out or does not work, ask your care team for a new one.",
      "Messages are not for emergencies.",
    ].join("\n"),
  };
}

/** Sends one invitation; throws when the server refuses it or cannot be reached. */
export async function sendInvitationMail(settings: InvitationMailSettings, mail: InvitationMail): Promise<void> {
  const { subject, text } = invitationMailText(settings, mail);
  const message = { from: settings.from, to: mail.to, subject, text };
  if (settings.url === "json:") {
    const info = await nodemailer.createTransport({ jsonTransport: true }).sendMail(message);
    const sent = JSON.parse(String(info.message)) as { to: { address: string }[]; from: { address: string }; subject: string; text: string };
    jsonOutbox.push({ to: sent.to.map((t) => t.address).join(", "), from: sent.from.address, subject: sent.subject, text: sent.text });
    return;
  }
  const transport = nodemailer.createTransport({ url: settings.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}
