/** The administrator's forms on a user's page: a new API token. */
import { defineForm, str } from "./form";

export const TOKEN_SCOPES = ["read", "write"] as const;

export const tokenSchema = defineForm({ name: str(), scope: str(), days: str() }, (raw, f) => {
  const name = f.text(["name"], raw.name, { required: true, max: 100 });
  const scope = f.choice(["scope"], raw.scope, TOKEN_SCOPES);
  const daysText = (raw.days ?? "").trim();
  let days = 90;
  if (daysText !== "") {
    if (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 365) f.issue(["days"], "error.token.days");
    else days = Number(daysText);
  }
  return { name, scope: scope ?? "read", days };
});
