import { sendMyMessageInputSchema } from "@stepwise/domain";

/** The server's own rule for a message body; loaded when a message is first sent, not with the page. */
export function checkMessageBody(body: string): { ok: true; body: string } | { ok: false; message: string } {
  const parsed = sendMyMessageInputSchema.safeParse({ body });
  if (parsed.success) return { ok: true, body: parsed.data.body };
  return { ok: false, message: body.trim() === "" ? "Write a message first." : (parsed.error.issues[0]?.message ?? "This message cannot be sent.") };
}
