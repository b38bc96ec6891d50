import { z } from "zod";

const BlockSchema = z.looseObject({ type: z.string().min(1) });

/** The part of a Messages API request body the simulator reads. Other fields pass unread, as the API's optional ones. */
export const MessagesRequestSchema = z.looseObject({
  model: z.string({ message: "model: Field required" }).min(1, { message: "model: Field required" }),
  max_tokens: z.number({ message: "max_tokens: Field required" }).int({ message: "max_tokens: Input should be a valid integer" }).min(1, {
    message: "max_tokens: Input should be greater than or equal to 1",
  }),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(["user", "assistant"], { message: "messages: role must be user or assistant" }),
        content: z.union([z.string(), z.array(BlockSchema)], { message: "messages: content must be a string or a list of content blocks" }),
      }),
      { message: "messages: Field required" },
    )
    .min(1, { message: "messages: at least one message is required" }),
  system: z.union([z.string(), z.array(BlockSchema)], { message: "system: must be a string or a list of text blocks" }).optional(),
  temperature: z.number().min(0, { message: "temperature: must be between 0 and 1" }).max(1, { message: "temperature: must be between 0 and 1" }).optional(),
  stream: z.boolean().optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type RequestBlock = z.infer<typeof BlockSchema>;

/** The text of a content value, blocks joined by newlines (non-text blocks skipped). */
export function contentText(content: string | RequestBlock[] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : "")).join("\n");
}
