package io.hacoord.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.IntFunction;

/**
 * Free TCP ports on {@code 127.0.0.1}. A port is picked by binding port 0; since another process may
 * take it before our server binds it, {@link #withFreePort} retries on a bind failure.
 */
final class FreePorts {

    static final int BIND_ATTEMPTS = 5;

    private FreePorts() {}

    /** A port that was free a moment ago. */
    static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick a free port on 127.0.0.1", e);
        }
    }

    /** {@code count} distinct ports that were free a moment ago (all are held at once while picking). */
    static int[] pickDistinct(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].setReuseAddress(false);
                sockets[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick " + count + " free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // released either way
                    }
                }
            }
        }
    }

    /**
     * Calls {@code start} with fresh free ports until it does not fail with a {@link PortTakenException}
     * (a lost bind race), at most {@value #BIND_ATTEMPTS} times.
     */
    static <T> T withFreePort(IntFunction<T> start) {
        PortTakenException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                return start.apply(pick());
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw new IllegalStateException("lost the race for a free port " + BIND_ATTEMPTS + " times", last);
    }

    /**
     * Holds {@code port} while a server is stopped so that no free-port pick (ours or anyone's bind to
     * port 0) takes it. The socket is bound but never listens, so clients are still refused, as they
     * would be by a stopped server. Best effort: returns {@code null} when the port cannot be held (for
     * example while old connections linger in TIME_WAIT).
     */
    static Socket reserve(int port) {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            return null;
        }
    }

    static void release(Socket reservation) {
        if (reservation != null) {
            closeQuietly(reservation);
        }
    }

    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    /** Thrown by a starter when its server could not bind the given port: pick another one. */
    static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(int port, Throwable cause) {
            super("port " + port + " was taken before the server could bind it", cause);
        }
    }
}
