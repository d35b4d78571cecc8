/** One evidence file of a bonus claim, downloaded by those who may see the claim (else 404). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/utils/db.server";
import { requireViewer } from "~/utils/auth.server";
import { notFound, requireId } from "~/utils/http.server";
import { getClaimAttachment } from "~/models/bonus.server";
import { serveAttachment } from "~/models/attachment.server";
import { todayInHelsinki } from "~/domain/clock";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, "bonus:read");
  const claimId = requireId(params.claimId);
  const attachmentId = requireId(params.attachmentId);
  const a = await getClaimAttachment(getDb(), viewer, claimId, attachmentId, todayInHelsinki());
  if (!a) notFound();
  return serveAttachment({ sha256: a.sha256, contentType: a.content_type, fileName: a.file_name }, `bonus claim ${claimId}, attachment ${attachmentId}`);
}
