package io.hacoord.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A tiny RESP client for the tests: sends inline commands and reads one reply line. */
final class RedisTestClient implements AutoCloseable {

    private final Socket socket;

    RedisTestClient(String host, int port, int readTimeoutMs) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(readTimeoutMs);
    }

    /** Sends {@code command} and returns the first reply line, e.g. {@code +PONG}. */
    String call(String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readLine();
    }

    String readLine() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static boolean answersPing(String host, int port) {
        try (RedisTestClient client = new RedisTestClient(host, port, 1_000)) {
            return "+PONG".equals(client.call("PING"));
        } catch (IOException e) {
            return false;
        }
    }
}
