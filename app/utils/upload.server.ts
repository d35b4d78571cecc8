/** A multipart form post: its fields and the one file it carries (the server has already bounded the body's size). */
import { MAX_ATTACHMENT_BYTES } from "~/domain/attachment";

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The form data of a post (null when the body is not form data at all). */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/**
 * The file in field `name`: null when none was chosen (a file field left empty is sent as a
 * nameless, empty file) or the post was not multipart; "tooLarge" past the attachment limit.
 */
export async function fileOf(form: FormData, name: string): Promise<UploadedFile | null | "tooLarge"> {
  const file = form.get(name);
  if (file === null || typeof file === "string") return null;
  if (file.size === 0 && file.name === "") return null;
  if (file.size > MAX_ATTACHMENT_BYTES) return "tooLarge";
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
