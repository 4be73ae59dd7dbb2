import { createContext, useContext } from "react";

// The nonce is only known on the server; in the browser the attribute is hidden anyway.
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
