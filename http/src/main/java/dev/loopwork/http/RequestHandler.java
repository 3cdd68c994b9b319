package dev.loopwork.http;

/**
 * The application: called once per request, when its head has arrived and passed every check.
 *
 * <h2>Contract</h2>
 * Runs on the connection's loop thread; must not block. It returns the {@link BodyConsumer} that
 * will receive the body ({@code null}: the body, if any, is discarded), and answers through
 * {@code response} at any time, from any thread: right away, when the body is complete, or later.
 * Requests on one connection are handled one after the other: the next pipelined request is not
 * read before this one's response has completed.
 *
 * <h2>Expect: 100-continue</h2>
 * When the client waits for {@code 100 Continue}, the server sends it only if this method returns
 * a consumer and has not answered yet. Answering without a consumer (say a 401 or a 413) tells the
 * client not to send the body; the connection is closed after the answer, since the client may or
 * may not send it anyway.
 *
 * <h2>Failures</h2>
 * An exception thrown here is answered with 500 (or the {@link HttpException}'s status) and the
 * connection is closed after the answer.
 */
@FunctionalInterface
public interface RequestHandler {

    BodyConsumer onRequest(HttpRequest request, Response response) throws Exception;
}
