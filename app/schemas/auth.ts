/** Sign-in and password forms. */
import { defineForm, str } from "./form";
import { passwordProblemKey } from "./password-rules";

export const loginSchema = defineForm({ email: str(), password: str(), redirectTo: str() }, (raw, f) => ({
  email: f.text(["email"], raw.email, { required: true, max: 254 }),
  password: f.text(["password"], raw.password, { required: true, max: 200 }),
}));

export const passwordSchema = defineForm({ currentPassword: str(), newPassword: str() }, (raw, f) => {
  const current = f.text(["currentPassword"], raw.currentPassword, { required: true, max: 200 });
  const next = raw.newPassword ?? "";
  const problem = passwordProblemKey(next);
  if (problem) f.issue(["newPassword"], problem);
  return { current, next };
});
