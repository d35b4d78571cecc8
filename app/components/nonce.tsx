/** The per-request Content-Security-Policy nonce, for the few inline scripts Remix renders. */
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
