package io.hacoord.backup.crypto;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.security.GeneralSecurityException;

/** Registers Tink's AEAD and streaming AEAD key managers once, before any key is made or used. */
public final class TinkPrimitives {

    static {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TinkPrimitives() {}

    /** Idempotent: the first call registers (class initialisation), later calls do nothing. */
    public static void register() {
        // The work happens in the static initialiser.
    }
}
