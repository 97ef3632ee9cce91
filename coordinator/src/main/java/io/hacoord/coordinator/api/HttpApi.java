package io.hacoord.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hacoord.coordinator.view.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator HTTP API of a node, on the JDK's HTTP server with one virtual thread per request.
 *
 * <p>Every route is read-only {@code GET} (or {@code HEAD}); anything else gets a 4xx JSON body with the reason:
 * 404 for an unknown path, 405 for another method, 400 for a bad parameter. A handler that fails answers 500 with
 * the error's class name only (never a message that could carry a secret).
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    /** A route's answer. */
    public record Response(int status, String contentType, String body) {

        public static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", Json.MAPPER.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Response error(int status, String reason) {
            return json(status, Map.of("error", reason));
        }
    }

    /** A route: the query string (or null) to a response. */
    @FunctionalInterface
    public interface Route {
        Response handle(Map<String, String> query) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Route> routes;
    private final AtomicBoolean started = new AtomicBoolean();

    public HttpApi(String host, int port, Map<String, Route> routes) throws IOException {
        this.routes = Map.copyOf(routes);
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** The bound port (useful when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("HTTP API already started");
        }
        server.start();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        Response r;
        try {
            r = route(ex);
        } catch (BadRequest e) {
            r = Response.error(400, e.getMessage());
        } catch (Exception e) {
            log.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            r = Response.error(500, "internal error: " + e.getClass().getSimpleName());
        }
        write(ex, r);
    }

    private Response route(HttpExchange ex) throws Exception {
        String path = ex.getRequestURI().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Route route = routes.get(path);
        if (route == null) {
            return Response.error(404, "no such endpoint: " + path + "; endpoints are " + String.join(", ",
                    routes.keySet().stream().sorted().toList()));
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().add("Allow", "GET, HEAD");
            return Response.error(405, "method " + method + " is not allowed on " + path + "; use GET");
        }
        return route.handle(Query.parse(ex.getRequestURI().getRawQuery()));
    }

    private static void write(HttpExchange ex, Response r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.contentType() + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request the client got wrong; answered with 400 and this message. */
    public static final class BadRequest extends Exception {
        public BadRequest(String message) {
            super(message);
        }
    }
}
