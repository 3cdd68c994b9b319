package dev.loopwork.http;

import dev.loopwork.http.internal.MultipartParser;

/**
 * Streaming {@code multipart/form-data} (RFC 7578): turns a request body into parts for a
 * {@link PartHandler}, each part a stream of slices of the connection's buffers (no copy, no
 * temporary files, memory independent of the part sizes).
 *
 * <pre>{@code
 * (request, response) -> Multipart.consumer(request, new PartHandler() {
 *     public BodyConsumer onPart(Part part) { return part.filename() == null ? null : new ToFile(part); }
 *     public void onComplete() { response.send("stored"); }
 * });
 * }</pre>
 *
 * <h2>Limits</h2>
 * The request's {@link HttpLimits}: {@link HttpLimits#maxParts()} and
 * {@link HttpLimits#maxPartHeaderSize()} answer 413; a malformed body answers 400. The preamble and
 * the epilogue are ignored.
 */
public final class Multipart {

    private Multipart() {
    }

    /** Whether the request's {@code Content-Type} is {@code multipart/form-data}. */
    public static boolean isMultipart(HttpRequest request) {
        String type = request.header("Content-Type");
        return type != null && type.regionMatches(true, 0, "multipart/form-data", 0, 19)
                && (type.length() == 19 || type.charAt(19) == ';' || type.charAt(19) == ' ' || type.charAt(19) == '\t');
    }

    /** The boundary of a multipart request, or {@code null} if there is none (or it is malformed). */
    public static String boundary(HttpRequest request) {
        return MultipartParser.boundaryOf(request.header("Content-Type"));
    }

    /**
     * A consumer that parses the body of {@code request} into parts for {@code handler}.
     *
     * @throws HttpException 415 if the request is not {@code multipart/form-data}, 400 if its
     *         boundary is missing or invalid (thrown from a {@link RequestHandler}, these become the
     *         answer)
     */
    public static BodyConsumer consumer(HttpRequest request, PartHandler handler) {
        if (!isMultipart(request)) {
            throw new HttpException(415, "the request is not multipart/form-data");
        }
        String boundary = boundary(request);
        if (boundary == null) {
            throw new HttpException(400, "multipart/form-data without a valid boundary parameter");
        }
        return new MultipartParser(boundary, request.limits(), handler);
    }
}
