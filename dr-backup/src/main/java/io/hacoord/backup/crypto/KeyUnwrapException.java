package io.hacoord.backup.crypto;

/** A data key could not be unwrapped: wrong KEK, or an altered wrapped key. Carries no key material. */
public final class KeyUnwrapException extends RuntimeException {

    public KeyUnwrapException(String message) {
        super(message);
    }
}
