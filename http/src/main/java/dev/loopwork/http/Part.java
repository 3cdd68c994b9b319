package dev.loopwork.http;

/**
 * The head of one part of a {@code multipart/form-data} body (RFC 7578).
 */
public interface Part {

    /** Position of this part in the body, from 0. */
    int index();

    /** The part's header fields. */
    HttpHeaders headers();

    /** The {@code name} parameter of {@code Content-Disposition: form-data}, or {@code null}. */
    String name();

    /**
     * The file name the client gave ({@code filename*} preferred, else {@code filename}, decoded as
     * UTF-8), or {@code null} for a plain field. Never use it as a path: it is client input.
     */
    String filename();

    /** The part's {@code Content-Type}, {@code text/plain} when absent (RFC 7578 §4.4). */
    String contentType();
}
