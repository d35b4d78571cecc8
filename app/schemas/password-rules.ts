/** The password rule, shared by the browser and the server: 12–200 characters. */
export function passwordProblemKey(password: string): "auth.password.tooShort" | "auth.password.tooLong" | null {
  if (password.length < 12) return "auth.password.tooShort";
  if (password.length > 200) return "auth.password.tooLong";
  return null;
}
