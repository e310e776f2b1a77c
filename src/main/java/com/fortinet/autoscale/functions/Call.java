package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.LogText;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One HTTP invocation: reads headers and the body within the limits of SPEC §2, builds responses, maps
 * typed failures to status codes, and writes every log line with the invocation's correlation id. Nothing
 * it answers or logs carries a stack trace, a key or a secret.
 */
final class Call {
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String CORRELATION_HEADER = "x-correlation-id";

    private final HttpRequestMessage<Optional<String>> request;
    private final Logger log;
    private final String function;
    private final String cid;
    private final long started = System.nanoTime();
    private Failure failure;

    /** What {@link #fail} answered: its status and the one-line reason. */
    record Failure(int status, String reason) {}

    Call(String function, HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        this.function = function;
        this.request = request;
        this.log = context.getLogger() != null ? context.getLogger() : Logger.getLogger(function);
        this.cid = TimerCall.correlationId(context);
    }

    String cid() {
        return cid;
    }

    /** The failure this call answered with, if {@link #fail} was called. */
    Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** A header, looked up case-insensitively. */
    Optional<String> header(String name) {
        Map<String, String> headers = request.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        String v = headers.get(name);
        if (v == null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** The {@code Fos-instance-id} header as a vmId. */
    VmId instanceHeader() {
        String raw = header("Fos-instance-id").orElseThrow(() -> new BadRequestException("missing Fos-instance-id header"));
        try {
            return VmId.of(raw);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Fos-instance-id is not a vmId (GUID)");
        }
    }

    /**
     * The caller's addresses as the platform reports them: the entries of {@code X-Forwarded-For} in order (on
     * Azure, App Service's front end writes the TCP peer there; the local runner does the same), as sent.
     */
    List<String> callerAddresses() {
        return header("X-Forwarded-For").map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** The body, at most 64 KiB; empty string when there is none. */
    String body() {
        String body = request.getBody() == null ? null : request.getBody().orElse(null);
        if (body == null) {
            return "";
        }
        if (body.length() > MAX_BODY_BYTES / 4 && body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new BadRequestException("body is larger than 64 KiB");
        }
        return body;
    }

    /** The body as a JSON object. */
    JsonObject jsonObject() {
        String body = body();
        if (body.isBlank()) {
            throw new BadRequestException("body is empty");
        }
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonObject()) {
                throw new BadRequestException("body is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadRequestException("body is not valid JSON");
        }
    }

    HttpResponseMessage empty(String what) {
        return respond(HttpStatus.OK, null, null, what);
    }

    HttpResponseMessage text(String body, String what) {
        return respond(HttpStatus.OK, "text/plain; charset=utf-8", body, what);
    }

    /**
     * A self-contained HTML page. The policy header lets the browser load nothing but the page itself and its
     * inline style: no script, font, image or frame from anywhere, so nothing the page shows can run.
     */
    HttpResponseMessage html(String body, String what) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                        + "form-action 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
        return respond(b, HttpStatus.OK, "text/html; charset=utf-8", body, what);
    }

    HttpResponseMessage json(Object body, String what) {
        return respond(HttpStatus.OK, "application/json", Json.GSON.toJson(body), what);
    }

    /**
     * Maps a failure to its status: 400 bad input, 401 not authentic, 404 unknown vmId, 503 store or
     * FortiAnalyzer unavailable (with {@code Retry-After}), 502 FortiAnalyzer refused, 500 otherwise. {@code fortiosComment} answers a FortiOS config fetch, which may
     * execute what it gets: the body is then a single {@code # autoscale: …} comment line.
     */
    HttpResponseMessage fail(RuntimeException e, boolean fortiosComment) {
        HttpFailure f = HttpFailure.of(e, cid);
        String reason = oneLine(f.reason());
        failure = new Failure(f.status().value(), reason);
        String body = fortiosComment ? "# autoscale: " + reason + "\n" : reason;
        // the reason may quote what the caller sent: escaped, so it cannot end the field or start a line
        log.log(f.level(), String.format(Locale.ROOT, "cid=%s fn=%s status=%d error=%s%s", cid, function,
                f.status().value(), LogText.quoted(reason), !f.logsCause() || reason.equals(e.getMessage()) ? ""
                        : " cause=" + LogText.quoted(e.getClass().getName() + ": " + e.getMessage())));
        HttpResponseMessage.Builder b = request.createResponseBuilder(f.status())
                .header("Content-Type", "text/plain; charset=utf-8")
                .header(CORRELATION_HEADER, cid)
                .body(body);
        f.retryAfter().ifPresent(seconds -> b.header("Retry-After", seconds));
        return b.build();
    }

    /** A refusal that is no failure of ours (e.g. 409): the one-line reason as body, logged as a warning. */
    HttpResponseMessage refuse(HttpStatusType status, String reason, String what) {
        return refuse(status, reason, what, false);
    }

    /**
     * A refusal; with {@code fortiosComment} (a FortiOS config fetch, which may execute what it gets) the body is
     * the single line {@code # autoscale: <reason>}.
     */
    HttpResponseMessage refuse(HttpStatusType status, String reason, String what, boolean fortiosComment) {
        String line = oneLine(reason);
        log.warning(String.format(Locale.ROOT, "cid=%s fn=%s %s status=%d reason=%s", cid, function, what,
                status.value(), LogText.quoted(line)));
        return request.createResponseBuilder(status)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header(CORRELATION_HEADER, cid)
                .body(fortiosComment ? "# autoscale: " + line + "\n" : line)
                .build();
    }

    void info(String message) {
        log.info("cid=" + cid + " fn=" + function + " " + message);
    }

    void warn(String message) {
        log.warning("cid=" + cid + " fn=" + function + " " + message);
    }

    /** 200 with no body and these headers (the CloudEvents webhook handshake answers in headers). */
    HttpResponseMessage emptyWithHeaders(Map<String, String> headers, String what) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatus.OK);
        headers.forEach(b::header);
        return respond(b, HttpStatus.OK, null, null, what);
    }

    private HttpResponseMessage respond(HttpStatusType status, String contentType, String body, String what) {
        return respond(request.createResponseBuilder(status), status, contentType, body, what);
    }

    private HttpResponseMessage respond(HttpResponseMessage.Builder b, HttpStatusType status, String contentType,
                                        String body, String what) {
        long micros = (System.nanoTime() - started) / 1_000;
        log.info(String.format(Locale.ROOT, "cid=%s fn=%s %s status=%d us=%d", cid, function, what, status.value(), micros));
        b.header(CORRELATION_HEADER, cid);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (body != null) {
            b.body(body);
        }
        return b.build();
    }

    /**
     * One line of at most 300 characters, for a response body (a FortiOS comment line among them): every
     * control character, Unicode line or paragraph separator and format character becomes a space. Log lines
     * use {@link LogText#quoted}, which keeps what was sent readable instead.
     */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder flat = new StringBuilder(Math.min(s.length(), 300) + 1);
        boolean space = false;
        for (int i = 0; i < s.length() && flat.length() < 300; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean breaks = type == Character.CONTROL || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT;
            if (breaks) {
                if (!space) {
                    flat.append(' ');
                }
                space = true;
            } else {
                flat.append(c);
                space = false;
            }
        }
        return flat.length() >= 300 && s.length() > 300 ? flat + "…" : flat.toString();
    }
}
