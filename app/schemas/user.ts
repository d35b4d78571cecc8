/** The administrator's form for a new account. */
import { ROLES } from "~/domain/permissions";
import { defineForm, str } from "./form";
import { passwordProblemKey } from "./password-rules";

export const userSchema = defineForm({ email: str(), name: str(), role: str(), organisationId: str(), password: str() }, (raw, f) => {
  const email = f.text(["email"], raw.email, { required: true, max: 254 }).toLowerCase();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) f.issue(["email"], "error.email.invalid");
  const role = f.choice(["role"], raw.role, ROLES);
  const organisationId = f.id(["organisationId"], raw.organisationId, { required: role === "association" });
  const password = raw.password ?? "";
  const problem = passwordProblemKey(password);
  if (problem) f.issue(["password"], problem);
  return {
    email,
    name: f.text(["name"], raw.name, { required: true, max: 200 }),
    role: role ?? "committee",
    organisationId: role === "association" ? organisationId : null,
    password,
  };
});
